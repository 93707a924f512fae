"""The package layout keeps the promises its docstrings make: each stage imports only the
packages its ``__init__`` names, and no module grows past the size one reader can hold."""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

import pytest

import generator

PACKAGE_DIR = Path(generator.__file__).resolve().parent
STAGES = sorted(path.parent.name for path in PACKAGE_DIR.glob("*/__init__.py"))
MAX_LINES = 400


def allowed_imports(stage: str) -> tuple[set[str], bool]:
    """The packages a stage's docstring says it may import, and whether it may read the version."""
    docstring = ast.get_docstring(ast.parse((PACKAGE_DIR / stage / "__init__.py").read_text(encoding="utf-8"))) or ""
    lines = docstring.splitlines()
    assert len(lines) == 3 and [line.split(":")[0] for line in lines] == ["In", "Out", "May import"], f"{stage}/__init__.py: In/Out/May import"
    allowed = lines[2].removeprefix("May import:")
    names = {name.strip() for name in re.sub(r"\(.*?\)", "", allowed).replace(".", "").split(",")}
    return names - {"nothing of newsgen"}, "the version" in allowed


def imported_packages(path: Path) -> set[str]:
    """The top-level packages of newsgen a module imports (``""`` for the package root)."""
    module = path.relative_to(PACKAGE_DIR).with_suffix("").parts
    package = module[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = (*base, *(node.module.split(".") if node.module else ()))
            if not target and node.module is None:
                target = (node.names[0].name,) if (PACKAGE_DIR / node.names[0].name).is_dir() else ()
            found.add(target[0] if target else "")
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
            found |= {name.split(".")[1] if "." in name else "" for name in names if name and name.split(".")[0] == "generator"}
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_packages_its_docstring_names(stage):
    allowed, version = allowed_imports(stage)
    assert allowed <= set(STAGES), f"{stage} names packages that do not exist: {allowed - set(STAGES)}"
    for path in sorted((PACKAGE_DIR / stage).glob("*.py")):
        extra = imported_packages(path) - allowed - {stage} - ({""} if version else set())
        assert not extra, f"{path.relative_to(PACKAGE_DIR.parent)} imports {sorted(extra)}, which {stage}/__init__.py does not allow"


def test_no_stage_imports_the_command_line():
    for path in sorted(PACKAGE_DIR.glob("*/*.py")):
        assert not imported_packages(path) & {"cli", "commands", "console", "scaffold"}, path


def test_no_module_is_longer_than_one_reader_can_hold():
    long = {str(path.relative_to(PACKAGE_DIR.parent)): length for path in PACKAGE_DIR.rglob("*.py") if (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_the_layout_check_reads_relative_imports():
    module = PACKAGE_DIR / "core" / "errors.py"
    assert imported_packages(module) == set()
    assert imported_packages(PACKAGE_DIR / "build" / "run.py") >= {"core", "config", "site", "content"}


def test_every_stage_has_unit_tests_that_pytest_collects(pytestconfig):
    """Unit tests mirror the stages; pytest skips folders named like ``build`` unless told not to."""
    skipped = pytestconfig.getini("norecursedirs")
    for stage in STAGES:
        folder = Path(__file__).parent / stage
        assert any(folder.glob("test_*.py")), f"tests/unit/{stage}/ has no tests"
        assert not any(fnmatch.fnmatch(stage, pattern) for pattern in skipped), f"pytest does not collect tests/unit/{stage}/"
