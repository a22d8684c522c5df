"""argparse in the language in use: its own messages from the catalogue, Chinese help wrapped.

argparse marks its messages for gettext (``usage: ``, ``options``, ``the following
arguments are required: %s`` ...) and looks each one up through its module's ``_``
and ``ngettext`` when it prints it (the Python documentation's "How to translate the
argparse output"). :func:`speak_argparse` points those two at
:mod:`minichain.terminal.i18n`, so argparse reads minichain's own catalogue and
follows ``--lang`` as the rest of the command does. The messages the catalogue
translates are listed in :data:`ARGPARSE_MESSAGES`, word for word as argparse writes
them (Python 3.10 to 3.13), so the extraction finds them and the drift test holds
them to the catalogue; a message a Python version words differently stays English.
"""

from __future__ import annotations

import argparse

from minichain.terminal import i18n
from minichain.terminal.i18n import N_

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
)
"""argparse's own messages a user of ``minichain`` can meet, as argparse words them."""


def speak_argparse() -> None:
    """Make argparse look its messages up in minichain's catalogue, in the language in use."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with Chinese help text wrapped by terminal cells.

    argparse wraps with :mod:`textwrap`, which breaks only at spaces and counts
    characters; a Chinese sentence then runs twice as wide as the terminal. Text that
    holds Chinese is cut by :mod:`minichain.terminal.linebreak` instead (imported only
    then, so ``--help`` in English stays as quick as before).
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        from minichain.terminal.linebreak import has_cjk, lines

        if not has_cjk(text):
            return super()._split_lines(text, width)
        return lines(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from minichain.terminal.linebreak import has_cjk

        if not has_cjk(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in self._split_lines(text, width))


class Parser(argparse.ArgumentParser):
    """argparse's parser with :class:`HelpFormatter`; its subcommands' parsers are Parsers too."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
