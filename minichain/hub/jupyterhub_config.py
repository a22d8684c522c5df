"""JupyterHub's configuration file for a class: ``jupyterhub -f`` this file.

The class folder comes from the environment (``MINICHAIN_CLASS``, set by
``minichain course class``); everything else is in its ``class.json`` and
:func:`minichain.hub.config.configure`.
"""

import os
from pathlib import Path

from minichain.hub.config import CLASS_MARKER, configure, find_proxy
from minichain.hub.layout import load

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - JupyterHub provides get_config
configure(c, load(Path(os.environ[CLASS_MARKER])), find_proxy())
