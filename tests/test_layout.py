"""The layering rules of the README hold: who may import what, and where SQL may live."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NO_STREAMLIT = (
    "accounts",
    "db",
    "loaders",
    "queries",
    "charts",
    "formats.py",
    "settings.py",
    "vocabulary.py",
    "cli.py",
    "exports",
)
# what a page may import besides the standard library
PAGE_IMPORTS = {"streamlit", "ui", "charts", "formats", "vocabulary"}
IMPORT_NAMES = {"python-docx": "docx", "python-pptx": "pptx"}
PROJECT_CODE = (*NO_STREAMLIT, "ui", "views", "app.py", "tests", "tools", "benchmarks")


def _python_files(*places: str) -> list[Path]:
    files: list[Path] = []
    for place in places:
        path = ROOT / place
        files += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return files


def _modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


@pytest.mark.parametrize(
    "path", _python_files(*NO_STREAMLIT), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_no_streamlit_below_ui(path):
    assert "streamlit" not in _imports(path)


@pytest.mark.parametrize("path", _python_files("views"), ids=lambda p: p.name)
def test_pages_hold_no_sql_and_reach_data_only_through_ui(path):
    # data through ui.data, figures from charts, labels from vocabulary: never queries, db,
    # duckdb, polars or loaders
    third_party = _imports(path) - set(sys.stdlib_module_names)
    assert third_party <= PAGE_IMPORTS, sorted(third_party - PAGE_IMPORTS)
    text = path.read_text("utf-8").lower()
    assert not re.search(r"\bselect\b.+\bfrom\b", text), "SQL belongs in queries/*.sql"


def test_the_list_of_pages_is_plain_data():
    # tools/ and benchmarks/ read ui/pages.py without starting Streamlit
    assert not _imports(ROOT / "ui" / "pages.py") - set(sys.stdlib_module_names)


# packages whose import name is not their name on the package index
def test_every_package_imported_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    requirements = project["project"]["dependencies"] + project["dependency-groups"]["dev"]
    declared = {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower() for r in requirements}
    # packages imported under another name than the one they are installed by
    declared |= {IMPORT_NAMES.get(name, name) for name in declared}
    ours = {p.stem if p.suffix == ".py" else p.name for p in ROOT.iterdir()}
    imported: dict[str, str] = {}
    for path in _python_files(*PROJECT_CODE):
        for name in _imports(path) - set(sys.stdlib_module_names) - ours:
            imported.setdefault(name, path.relative_to(ROOT).as_posix())
    # the few packages whose import name is not their distribution's name
    distribution = {"argon2": "argon2-cffi"}
    undeclared = {
        name: path
        for name, path in imported.items()
        if distribution.get(name, name) not in declared
    }
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"


@pytest.mark.parametrize("path", _python_files("queries"), ids=lambda p: p.name)
def test_queries_do_not_import_loaders(path):
    assert "loaders" not in _imports(path)


@pytest.mark.parametrize("path", _python_files("loaders"), ids=lambda p: p.name)
def test_loaders_do_not_import_queries(path):
    assert "queries" not in _imports(path)


def test_readme_documents_every_command_and_table():
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in (
        "loaders demo",
        "loaders template",
        "loaders ingest",
        "loaders rebuild",
        "queries kpis",
        "uv run streamlit run app.py",
        "uv run pytest",
    ):
        assert command in readme
    schema = (ROOT / "db" / "schema.sql").read_text("utf-8")
    for table in re.findall(r"create table if not exists (\w+)", schema):
        assert f"`{table}`" in readme, f"table {table} is not documented in the README"


def test_no_pages_folder_beside_app():
    # Streamlit serves the first session after a start in its legacy multipage mode when a
    # pages/ folder sits beside app.py, whatever st.navigation says: page files live in views/
    assert not (ROOT / "pages").exists()


def test_vocabulary_imports_nothing_of_the_project():
    # the labels are plain data that every layer may use
    assert not _imports(ROOT / "vocabulary.py") & {"db", "loaders", "queries", "ui", "charts"}
