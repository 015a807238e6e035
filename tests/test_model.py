"""The public model: one module with every class a script needs, and a surface ``mypy --strict`` accepts."""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import runpy
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import supervisio
import supervisio.model as model
from support import FIXTURES

MODEL_MODULES = (
    "supervisio.domain.campaign",
    "supervisio.domain.organisation",
    "supervisio.domain.problems",
    "supervisio.domain.records",
    "supervisio.domain.supervision",
    "supervisio.domain.vocabulary",
)
"""The modules domain/__init__.py calls the model: the classes of records and vocabularies."""

SOURCE = Path(supervisio.__file__).parent


def _literal_all(path: Path) -> list[str]:
    """``__all__`` as written in the file; fails unless it is a literal list of strings."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            assert isinstance(node.value, ast.List), f"{path.name}: __all__ is not a literal list"
            names = []
            for item in node.value.elts:
                assert isinstance(item, ast.Constant) and isinstance(item.value, str)
                names.append(item.value)
            return names
    raise AssertionError(f"{path.name} has no __all__")


def test_every_name_is_importable_and_listed_once():
    names = _literal_all(SOURCE / "model.py")
    assert names == model.__all__
    assert len(set(names)) == len(names)
    for name in names:
        assert getattr(model, name) is not None


def test_every_class_of_the_model_is_there():
    defined = {
        name: obj
        for module_name in MODEL_MODULES
        for name, obj in vars(importlib.import_module(module_name)).items()
        if inspect.isclass(obj) and obj.__module__ == module_name and not name.startswith("_")
    }
    assert {name for name, obj in defined.items() if attrs.has(obj) or issubclass(obj, enum.Enum)} == set(defined)
    missing = sorted(set(defined) - set(model.__all__))
    assert not missing, f"supervisio.model does not export {missing}"
    for name, obj in defined.items():
        assert getattr(model, name) is obj


def test_the_package_lists_agree():
    """The lazy table, the TYPE_CHECKING imports (what type checkers see) and ``__all__`` name the same."""
    init = SOURCE / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    typed[alias.asname or alias.name] = statement.module or ""
    lazy = dict(supervisio._LAZY)
    assert typed == lazy
    assert _literal_all(init) == supervisio.__all__
    assert sorted(supervisio.__all__) == sorted(["__version__", *lazy])


def test_the_editing_api_is_public():
    for name in ("advance", "route", "walk", "extend", "close", "validate", "UnknownRecord"):
        assert name in supervisio.__all__
        assert getattr(supervisio, name) is not None


def test_the_typed_script_runs(capsys):
    namespace = runpy.run_path(str(FIXTURES / "typed_script.py"))
    data = namespace["main"]()
    assert data["problems"]["rectification_rate_text"] == "100.00%"
    assert data["resolved_in_completed_phases"] == 0
    out = capsys.readouterr().out
    assert out.startswith("unknown unit '教育局'")


def test_a_users_script_passes_mypy_strict(tmp_path):
    """A script typed against ``supervisio`` and ``supervisio.model`` needs no cast and no ignore."""
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context",
            "--cache-dir", str(tmp_path / "cache"), str(FIXTURES / "typed_script.py"),
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_sees_the_types(tmp_path):
    """The check has teeth: a wrong type in the same kind of script is an error."""
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    script = tmp_path / "wrong.py"
    script.write_text(
        "import datetime as dt\n"
        "import supervisio\n"
        "from supervisio.model import Problem\n"
        "problem = Problem(number='1', unit='u', found_on=dt.date(2022, 1, 1), description='d',"
        " category='c', term='短期')\n"
        "supervisio.close(problem, '2022-04-01')\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(script)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    assert 'Argument "term" to "Problem" has incompatible type "str"; expected "Term"' in result.stdout
    assert 'Argument 2 to "close" has incompatible type "str"; expected "date"' in result.stdout
