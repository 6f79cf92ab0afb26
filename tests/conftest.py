"""Fixtures shared by the whole suite: settings pointing at the checkout's resources, an in-memory node."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hdsgraph.core.config import Settings, project_root
from hdsgraph.node import Node
from hdsgraph.validation import ShaclValidator

ROOT = project_root()
REFERENCE = ROOT.parent / "shared" / "reference"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings.from_env({"HDSGRAPH_RESOURCES_DIR": str(ROOT)}, data_dir=data_dir, **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture(scope="session")
def validator() -> ShaclValidator:
    """The project's shapes and vocabularies, parsed once for the whole run."""
    return ShaclValidator.from_directories(ROOT / "shapes", ROOT / "ontologies")


@pytest.fixture(scope="session")
def seeded_node(tmp_path_factory: pytest.TempPathFactory, validator: ShaclValidator) -> Iterator[Node]:
    """An in-memory node holding the ontologies and every seed, shared by read-only tests."""
    node = Node.in_memory(make_settings(tmp_path_factory.mktemp("seeded")))
    node.__dict__["validator"] = validator  # reuse the session's parsed shapes
    node.prepare()
    yield node
    node.close()
