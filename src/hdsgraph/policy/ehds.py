"""The node-wide EHDS policy (Articles 53(2) and 54), shipped as Turtle in the package and compiled once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Final

import rdflib

from hdsgraph.policy.compiler import compile_policy
from hdsgraph.policy.model import CompiledPolicy

__all__ = ["EHDS_POLICY", "ehds_prohibitions_policy"]

EHDS_POLICY: Final = "https://w3id.org/hdsgraph/policy/ehds"


@lru_cache(maxsize=1)
def ehds_prohibitions_policy() -> CompiledPolicy:
    """The EHDS limits as a node-wide Set: pass it with every request, so a prohibited purpose always denies.

    >>> policy = ehds_prohibitions_policy()
    >>> policy.node_wide, len(policy.prohibitions)
    (True, 2)
    """
    text = resources.files("hdsgraph.policy").joinpath("data/ehds-secondary-use.ttl").read_text(encoding="utf-8")
    graph = rdflib.Graph().parse(data=text, format="turtle")
    return compile_policy(graph, EHDS_POLICY, profiles_known=set(), node_wide=True)
