"""What a node remembers about its data directory beside the store: whether it was seeded, and from which ontologies."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from hdsgraph.core.errors import ConfigError

__all__ = ["NodeState"]

_FILE = "node.json"


@dataclass
class NodeState:
    seeded: bool = False
    ontology_hash: str = ""

    @classmethod
    def read(cls, data_dir: Path) -> NodeState:
        path = data_dir / _FILE
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ConfigError(f"{path} cannot be read ({e}); delete it and the node re-checks its store") from e
        if not isinstance(raw, dict):
            raise ConfigError(f"{path} is not a JSON object; delete it and the node re-checks its store")
        return cls(seeded=bool(raw.get("seeded")), ontology_hash=str(raw.get("ontology_hash", "")))

    def write(self, data_dir: Path) -> None:
        # Write then rename, so a crash never leaves a half-written state file.
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = data_dir / f".{_FILE}.tmp"
        tmp.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, data_dir / _FILE)
