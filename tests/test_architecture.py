"""The house plan, read from the code's imports: nothing imports the package root, no module
imports another in a cycle, no underscore name crosses a module border, and bench imports
nothing from tests."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "compare"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def imports(name: str):
    """(line, imported module, imported names) for every import in a module, at any depth."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield node.lineno, target, tuple(alias.name for alias in node.names)


def edges(name: str) -> set[str]:
    """The package's modules a module imports (a `from package import submodule` is that submodule)."""
    found = set()
    for _, target, names in imports(name):
        if not target.startswith("compare"):
            continue
        submodules = {f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES}
        found |= submodules or ({target} if target in MODULES else set())
    found.discard(name)
    return found


def test_the_module_list_is_read():
    assert {"compare", "compare.cli", "compare.model", "compare.align", "compare.clean", "compare.check"} <= set(MODULES)


def test_no_module_imports_the_package_root():
    """Every module takes what it needs from the module that defines it; the root only offers
    the API to users (its names load the stages, so importing it from a stage runs back up)."""
    offenders = [f"{MODULES[name].relative_to(REPO)}:{line}: imports {', '.join(names) or target}"
                 for name in MODULES if name != "compare"
                 for line, target, names in imports(name)
                 if target == "compare" and not all(f"compare.{n}" in MODULES for n in names)]
    assert offenders == []


def test_no_import_cycles():
    graph = {name: edges(name) for name in MODULES}
    cycles = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            # a package's __init__ re-exporting its own submodules is not a cycle with them
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == []


def test_no_private_name_crosses_a_module_border():
    offenders = []
    for name in MODULES:
        for line, target, names in imports(name):
            if target.startswith("compare") and target != name:
                offenders += [f"{MODULES[name].relative_to(REPO)}:{line}: {target}.{n}" for n in names
                              if n.startswith("_") and not n.startswith("__")]
    assert offenders == []


@pytest.mark.parametrize("folder", ["bench", "scripts"])
def test_bench_and_scripts_import_nothing_from_tests(folder):
    offenders = []
    for path in sorted((REPO / folder).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}:{node.lineno}: {n}" for n in names
                          if n == "tests" or n.startswith("tests.") or n in _test_modules()]
    assert offenders == []


def _test_modules() -> set[str]:
    return {p.stem for p in (REPO / "tests").rglob("*.py")}


def test_modules_stay_readable():
    """No module over about 500 lines unless it is one job (the line classifier's features
    and decoder are; they are read together when the model is retrained)."""
    allowed = {"compare.clean.linemodel": 520}
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > allowed.get(name, 500)}
    assert long == {}
