"""The package build compiles the terminal's gettext catalogues (.po -> .mo).

Everything else about the package is in pyproject.toml. The ``.po`` files under
``minichain/locale`` are the sources, kept in the repository; their ``.mo`` are
built here with Babel (a build requirement), into the wheel, or beside the
``.po`` for an editable install (``make install``), where they are git-ignored.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGUES = "minichain/locale/*/LC_MESSAGES/*.po"


def compile_catalogue(po: Path, mo: Path) -> None:
    """Write the binary catalogue ``mo`` from ``po``; fuzzy entries are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as target:
        write_mo(target, catalogue)


class build_py_with_catalogues(build_py):  # noqa: N801 (setuptools names commands so)
    """``build_py``, then each catalogue compiled next to where its package lands."""

    def run(self) -> None:
        super().run()
        for mo in self._catalogue_outputs():
            compile_catalogue(self._source_of(mo), mo)

    def _source_of(self, mo: Path) -> Path:
        relative = mo.relative_to(self.build_lib) if not self.editable_mode else mo
        return Path(relative).with_suffix(".po")

    def _catalogue_outputs(self) -> list[Path]:
        # An editable install reads the package from the source tree: the .mo goes there.
        base = Path() if self.editable_mode else Path(self.build_lib)
        return [base / po.with_suffix(".mo") for po in sorted(Path().glob(CATALOGUES))]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *map(str, self._catalogue_outputs())]


setup(cmdclass={"build_py": build_py_with_catalogues})
