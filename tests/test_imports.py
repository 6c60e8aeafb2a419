"""The apps import one another one way only (docs: STYLE.md, README "Layout"), and no module
imports itself back, not even through an import inside a function.

Read from the source with Python's ast, so an import the tests never run counts as well.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app, and the apps it may import. web/ is plumbing and imports no app; salaries is the core;
# jobboard (settings, urls, admin site, home page) sits on top and is imported by none.
MAY_IMPORT = {
    "web": set(),
    "salaries": {"web"},
    "jobs": {"web", "salaries"},
    "articles": {"web", "salaries", "jobs"},
    # Feature apps above the data they read; no domain app imports them.
    "alerts": {"web", "salaries", "jobs"},
    "api": {"web", "salaries", "jobs", "articles"},
    "jobboard": {"web", "salaries", "jobs", "articles", "alerts", "api"},
}


def modules(root: Path, packages) -> dict[str, Path]:
    """Every module of the packages, by dotted name; migrations are history, not code to import."""
    found = {}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(name: str, path: Path, known) -> set[str]:
    """The project modules `name` imports, at any depth of its code."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {module for module in found if module in known and module != name}


def graph(root: Path, packages) -> dict[str, set[str]]:
    known = modules(root, packages)
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import one another, round and round (Tarjan's components)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def project():
    return graph(ROOT, MAY_IMPORT)


def test_every_app_imports_only_the_apps_below_it(project):
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in project.items()
        for target in targets
        if (app := module.split(".")[0]) != (other := target.split(".")[0])
        and other not in MAY_IMPORT[app]
    )
    assert wrong == []


def test_no_module_imports_itself_back(project):
    assert cycles(project) == []


def test_the_rules_see_every_app_and_their_imports(project):
    assert {module.split(".")[0] for module in project} == set(MAY_IMPORT)
    assert "salaries.validation" in project["salaries.models.records"]
    assert "jobboard.invalidation" in project["jobboard.apps"]  # one inside ready() counts too


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text("from app.rules import judge\n")
    (tmp_path / "app" / "rules.py").write_text(
        "def judge():\n    from app import models\n    return models\n"
    )
    (tmp_path / "app" / "views.py").write_text("from . import models\n")
    edges = graph(tmp_path, ["app"])
    assert edges["app.views"] == {"app.models"}
    assert cycles(edges) == [["app.models", "app.rules"]]
