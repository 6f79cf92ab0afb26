from __future__ import annotations

from pathlib import Path

import pytest

from hdsgraph.core.config import SETTINGS_DOC, Settings, project_root
from hdsgraph.core.errors import ConfigError


def test_defaults_serve_loopback_port_8000_with_data_in_the_working_directory() -> None:
    s = Settings.from_env({})
    assert (s.host, s.port, s.data_dir) == ("127.0.0.1", 8000, Path("data"))
    assert s.store_url is None
    assert s.seed_on_first_start is True
    assert (s.shapes_dir / "..").resolve() == project_root()


def test_environment_sets_every_field() -> None:
    env = {
        "HDSGRAPH_DATA_DIR": "/srv/hds",
        "HDSGRAPH_HOST": "0.0.0.0",
        "HDSGRAPH_PORT": "9001",
        "HDSGRAPH_NODE_ID": "https://node.example.org/",
        "HDSGRAPH_NODE_NAME": "Example",
        "HDSGRAPH_STORE_URL": "http://127.0.0.1:8890/sparql",
        "HDSGRAPH_SEED": "false",
        "HDSGRAPH_RESOURCES_DIR": "/opt/hds",
    }
    s = Settings.from_env(env)
    assert s.data_dir == Path("/srv/hds") and s.port == 9001 and s.host == "0.0.0.0"
    assert s.node_id == "https://node.example.org/" and s.node_name == "Example"
    assert s.store_url == "http://127.0.0.1:8890/sparql"
    assert s.seed_on_first_start is False
    assert s.seeds_dir == Path("/opt/hds/seeds")


def test_flags_override_the_environment() -> None:
    s = Settings.from_env({"HDSGRAPH_PORT": "9001"}, port=9002, data_dir="elsewhere", host=None)
    assert s.port == 9002 and s.data_dir == Path("elsewhere") and s.host == "127.0.0.1"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HDSGRAPH_PORT": "eighty"}, "HDSGRAPH_PORT='eighty' is not a port; give a whole number from 0 to 65535"),
        ({"HDSGRAPH_PORT": "70000"}, "HDSGRAPH_PORT='70000' is not a port"),
        ({"HDSGRAPH_SEED": "maybe"}, "HDSGRAPH_SEED='maybe' is not a yes/no value; give true or false"),
    ],
)
def test_bad_values_are_named_with_what_is_accepted(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(env)
    assert message in caught.value.message


def test_every_setting_is_a_field_and_documented_in_the_readme() -> None:
    assert set(SETTINGS_DOC) == set(Settings.__dataclass_fields__)
    readme = (project_root() / "README.md").read_text(encoding="utf-8")
    missing = [var for var, _, _ in SETTINGS_DOC.values() if f"`{var}`" not in readme]
    assert not missing, f"settings missing from the README's settings table: {missing}"
