"""Layers depend downward only (DESIGN §3): a module never imports a package of its own layer or above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hdsgraph"

# Rank of each layer; a package may import only packages of a lower rank (and itself).
RANKS = {
    "core": 0,
    "rdfio": 1,
    "store": 2,
    "index": 2,
    "validation": 2,
    "ontology": 2,
    "credentials": 2,
    "catalogue": 3,
    "ingest": 3,
    "policy": 3,
    "compute": 3,
    "federation": 3,
    "node": 4,
    "gql": 5,
    "app": 6,
    "cli": 7,
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append((node.lineno, "relative import"))
    return [(line, name) for line, name in found if name.startswith("hdsgraph.") or name == "relative import"]


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_package_has_a_rank() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(RANKS), f"packages without a layer rank: {sorted(packages - set(RANKS))}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_downward(path: Path) -> None:
    own = path.relative_to(PACKAGE).parts[0]
    if own not in RANKS:
        return  # the package root: __init__.py, and __main__.py that starts the CLI
    relative = [line for line, module in _imports(path) if module == "relative import"]
    assert not relative, f"relative imports at lines {relative}: import hdsgraph.… so that layers stay visible"
    wrong = [
        f"line {line}: {module} ({_layer_of(module)}, rank {RANKS.get(_layer_of(module) or '', '?')})"
        for line, module in _imports(path)
        if (layer := _layer_of(module)) in RANKS and layer != own and RANKS[layer] >= RANKS[own]
    ]
    assert not wrong, f"{own} (rank {RANKS[own]}) imports a layer at or above its own: {wrong}"


def test_the_checker_catches_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from hdsgraph.gql import build_schema\nimport hdsgraph.app\n", encoding="utf-8")
    layers = [_layer_of(m) for _, m in _imports(module)]
    assert layers == ["gql", "app"]
    assert all(RANKS[layer] > RANKS["store"] for layer in layers if layer)
