"""Keeping the terminal's translations in step with its code (a maintainer's tool; needs Babel).

``python -m minichain.terminal.catalogue update`` extracts, with Babel's Python
extractor, every message of the package: what the tooling marks (``_``, ``N_``,
``ngettext``), and the library's English that the tooling shows, that is the rule
template of every refusal (the second argument of each :class:`~minichain.errors.MinichainError`
subclass) and every :class:`~minichain.errors.Phrase` template. It merges them into each
``minichain/locale/<language>/LC_MESSAGES/minichain.po``: new messages arrive
untranslated, changed ones fuzzy (with the old translation to revise), removed
ones dropped. Then translate the new and fuzzy entries (and clear ``#, fuzzy``).
``python -m minichain.terminal.catalogue compile`` writes the ``.mo`` files, as
the package build does (``setup.py``). :func:`problems` is what the drift test asserts
empty. Babel is a dev dependency: nothing at run time imports this module.
"""

from __future__ import annotations

import ast
import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from minichain.terminal.i18n import DOMAIN, LOCALE_DIR

PACKAGE = LOCALE_DIR.parent
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "ngettext": (1, 2), "Phrase": None}
"""The marker functions of :mod:`minichain.terminal.i18n` and their message arguments;
:func:`keywords` adds every refusal class (its rule is the second argument)."""
COMMENT_TAG = "Translators:"
"""A comment starting so, on the line before a message, goes to the catalogue with it."""
BASE_ERROR = "MinichainError"
SKIPPED = ("locale", "__pycache__")


def sources() -> list[Path]:
    """Every Python file of the package (the library and the tooling)."""
    return sorted(path for path in PACKAGE.rglob("*.py") if not set(SKIPPED) & set(path.parts))


def refusal_classes() -> set[str]:
    """The names of :class:`~minichain.errors.MinichainError` and every class derived from it.

    Read from the sources with :mod:`ast` (nothing is imported), following bases
    by name across modules until no new class joins.
    """
    bases: dict[str, set[str]] = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                named = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
                bases.setdefault(node.name, set()).update(named)
    found = {BASE_ERROR}
    grown = True
    while grown:
        joining = {name for name, parents in bases.items() if parents & found} - found
        found |= joining
        grown = bool(joining)
    return found


def keywords() -> dict[str, Any]:
    """Babel's keyword specification: the markers, and each refusal class's rule argument."""
    return {**KEYWORDS, **{name: (2,) for name in refusal_classes()}}


def catalogues() -> list[Path]:
    """Every ``.po`` source: ``minichain/locale/<language>/LC_MESSAGES/minichain.po``."""
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def extract() -> Any:
    """A Babel catalogue template holding every marked message of the tooling's code."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(domain=DOMAIN, project="minichain", fuzzy=False)
    # Babel warns about every f-string in a call it reads, and the fields of refusals
    # are f-strings by design (``inputs[3]``): only their rules are messages.
    with contextlib.redirect_stderr(io.StringIO()):
        found = list(
            extract_from_dir(
                PACKAGE,
                method_map=[("**/locale/**", "ignore"), ("**.py", "python")],
                keywords=keywords(),
                comment_tags=(COMMENT_TAG,),
                strip_comment_tags=True,
            )
        )
    for filename, line, message, comments, context in found:
        location = (f"minichain/{filename}", line)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def read(po: Path) -> Any:
    """The Babel catalogue of one ``.po`` file."""
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        return read_po(source)


def write(po: Path, catalogue: Any) -> None:
    """Write ``catalogue`` to ``po`` the way :func:`update` always does (no line numbers)."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, include_lineno=False, ignore_obsolete=True)
    po.write_bytes(buffer.getvalue())


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes of ``po``, as ``setup.py`` writes them (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read(po))
    return buffer.getvalue()


def _msgids(catalogue: Any) -> Iterator[str | tuple[str, ...]]:
    for message in catalogue:
        if message.id:  # the header's empty msgid
            yield message.id


def problems() -> list[str]:
    """Every way the catalogues disagree with the code; empty when they are up to date.

    A marked message missing from a ``.po``; an entry the code no longer has; an
    entry empty or fuzzy; a ``.mo`` that is not what its ``.po`` compiles to.
    """
    template = extract()
    wanted = set(_msgids(template))
    found: list[str] = []
    for po in catalogues():
        name = po.relative_to(PACKAGE.parent)
        catalogue = read(po)
        have = set(_msgids(catalogue))
        found += [f"{name}: no entry for {message!r}" for message in sorted(wanted - have, key=str)]
        found += [
            f"{name}: {message!r} is not in the code" for message in sorted(have - wanted, key=str)
        ]
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{name}: {message.id!r} has no translation")
            if message.fuzzy:
                found.append(f"{name}: {message.id!r} is fuzzy (check it, then drop #, fuzzy)")
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compiled(po):
            found.append(f"{mo.relative_to(PACKAGE.parent)} is stale: run `make install`")
    return found


def update() -> None:
    """Merge the code's messages into every ``.po`` (new: empty, changed: fuzzy, gone: dropped)."""
    template = extract()
    for po in catalogues():
        catalogue = read(po)
        catalogue.update(template, update_creation_date=False)
        write(po, catalogue)


def compile_all() -> None:
    """Write each ``.mo`` beside its ``.po``."""
    for po in catalogues():
        po.with_suffix(".mo").write_bytes(compiled(po))


def main(argv: list[str]) -> int:
    """``update``, ``compile`` or ``check`` (prints the problems; exit 1 if any)."""
    action = argv[0] if argv else "check"
    if action == "update":
        update()
    elif action == "compile":
        compile_all()
    elif action == "check":
        found = problems()
        print("\n".join(found) or "the catalogues are up to date")
        return 1 if found else 0
    else:
        print(
            "usage: python -m minichain.terminal.catalogue [update|compile|check]", file=sys.stderr
        )
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
