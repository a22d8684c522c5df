"""``python -m minichain`` runs the ``minichain`` command."""

import sys

from minichain.cli import main

sys.exit(main())
