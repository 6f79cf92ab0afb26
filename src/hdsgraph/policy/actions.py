"""The ODRL 2.2 action hierarchy, shipped with the package (``data/odrl-actions.ttl``), read once.

A permission for an action covers every action included in it (``odrl:use`` covers ``odrl:read``); a prohibition of
an action forbids every action included in it (prohibiting ``odrl:distribute`` forbids what is narrower). Both are
one test: the rule's action is among the *broader* actions of the requested one. Deprecated actions stand for the
action they exactly match (``odrl:commercialize`` is ``cc:CommercialUse``, itself included in ``odrl:use``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import rdflib
from rdflib.namespace import OWL, RDF, SKOS

__all__ = ["ActionHierarchy", "action_hierarchy"]

_ODRL = "http://www.w3.org/ns/odrl/2/"


class ActionHierarchy:
    """Actions known to ODRL 2.2 and, for each, the actions that include it (itself first among them)."""

    __slots__ = ("_broader", "_canonical", "deprecated", "known")

    def __init__(self, included_in: dict[str, set[str]], exact_match: dict[str, str], deprecated: set[str]) -> None:
        self._canonical = dict(exact_match)
        self.deprecated = frozenset(deprecated)
        self.known = frozenset(included_in) | frozenset(exact_match)
        self._broader: dict[str, frozenset[str]] = {}
        for action in self.known:
            seen: set[str] = set()
            stack = [action, self._canonical.get(action, action)]
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(included_in.get(current, ()))
            self._broader[action] = frozenset(seen)

    def canonical(self, action: str) -> str:
        """The action itself, or for a deprecated one the action it exactly matches."""
        return self._canonical.get(action, action)

    def broader(self, action: str) -> frozenset[str]:
        """The action, what it stands for, and every action that includes it; an unknown action only itself."""
        found = self._broader.get(action)
        return found if found is not None else frozenset((action,))

    def is_known(self, action: str) -> bool:
        return action in self.known


@lru_cache(maxsize=1)
def action_hierarchy() -> ActionHierarchy:
    """The hierarchy of the ODRL 2.2 vocabulary.

    >>> h = action_hierarchy()
    >>> "http://www.w3.org/ns/odrl/2/use" in h.broader("http://www.w3.org/ns/odrl/2/read")
    True
    >>> "http://www.w3.org/ns/odrl/2/use" in h.broader("http://www.w3.org/ns/odrl/2/sell")
    False
    """
    text = resources.files("hdsgraph.policy").joinpath("data/odrl-actions.ttl").read_text(encoding="utf-8")
    graph = rdflib.Graph().parse(data=text, format="turtle")
    included_in: dict[str, set[str]] = {}
    for action in graph.subjects(RDF.type, rdflib.URIRef(_ODRL + "Action")):
        included_in[str(action)] = {str(o) for o in graph.objects(action, rdflib.URIRef(_ODRL + "includedIn"))}
    # cc: actions appear only as objects of includedIn and exactMatch; they are actions all the same.
    for parents in list(included_in.values()):
        for parent in parents:
            included_in.setdefault(parent, set())
    exact = {str(s): str(o) for s, o in graph.subject_objects(SKOS.exactMatch)}
    for target in exact.values():
        included_in.setdefault(target, set())
    deprecated = {str(s) for s in graph.subjects(OWL.deprecated, None)}
    return ActionHierarchy(included_in, exact, deprecated)
