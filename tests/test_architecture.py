"""The library reads bottom-up: each teaching module imports only those before it."""

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import minichain
from minichain import TEACHING_MODULES

PACKAGE = Path(minichain.__file__).parent
FORBIDDEN = ("rich", "nbgrader", "minichain.cli", "click", "typer")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def module_path(name: str) -> Path:
    return PACKAGE / (name.split(".", 1)[1] + ".py")


def test_every_library_module_has_a_place_in_the_reading_order():
    on_disk = {f"minichain.{p.stem}" for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")}
    assert on_disk == set(TEACHING_MODULES)


@pytest.mark.parametrize("name", TEACHING_MODULES)
def test_every_library_module_has_a_test_module_of_its_name(name):
    """tests/ mirrors the package: the rules of minichain/x.py are in tests/test_x.py."""
    tests = Path(__file__).parent
    assert (tests / f"test_{name.split('.', 1)[1]}.py").is_file()


@pytest.mark.parametrize("position", range(len(TEACHING_MODULES)))
def test_module_imports_only_modules_before_it(position):
    name = TEACHING_MODULES[position]
    earlier = set(TEACHING_MODULES[:position])
    ours = {m for m in imported_modules(module_path(name)) if m.startswith("minichain")}
    assert ours <= earlier, f"{name} imports {sorted(ours - earlier)}"


@pytest.mark.parametrize("name", TEACHING_MODULES)
def test_teaching_module_never_imports_tooling(name):
    imported = imported_modules(module_path(name))
    assert not {m for m in imported if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN}


@pytest.mark.parametrize("name", TEACHING_MODULES)
def test_validation_never_uses_bare_assert(name):
    tree = ast.parse(module_path(name).read_text())
    assert not [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]


def public_members(module):
    for attribute, value in vars(module).items():
        if attribute.startswith("_") or getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value):
            yield attribute, value
        elif inspect.isclass(value):
            yield attribute, value
            for member_name, member in vars(value).items():
                if not member_name.startswith("_") and (
                    inspect.isfunction(member) or isinstance(member, (classmethod, property))
                ):
                    yield f"{attribute}.{member_name}", member


@pytest.mark.parametrize("name", TEACHING_MODULES)
def test_every_public_name_has_a_docstring(name):
    module = importlib.import_module(name)
    assert module.__doc__
    undocumented = [
        attribute
        for attribute, value in public_members(module)
        if not inspect.getdoc(value.__func__ if isinstance(value, classmethod) else value)
    ]
    assert not undocumented


@pytest.mark.parametrize("name", TEACHING_MODULES)
def test_every_error_of_the_library_is_defined_in_errors(name):
    module = importlib.import_module(name)
    defined_here = [
        value.__name__
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == name
    ]
    assert name == "minichain.errors" or not defined_here, f"move {defined_here} to errors.py"
