"""``PolicyService``: every policy of the store compiled, the datasets they govern, and ``decide``.

Policies are compiled when they enter the store (the service is a derived view of the publisher, so a publish that
stores a policy recompiles it in the same step) and once at start for what the store already holds. A decision then
touches no RDF parsing and no SPARQL except the requester's facts, read from its own graph once and kept until the
next write.

What the node knows about a requester comes from the graph, never from the request ("the graph wins"): its
organisation types and jurisdiction from its own self-description graph, DPF certification from its classes, Gaia-X
compliance from its record (an active self-description with verified credentials), permits from ``hds:DataPermit``
resources that a health data access body issued to it.
"""

from __future__ import annotations

import difflib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import URIRef

from hdsgraph.core.vocab import DCT, GX, HDS, ODRL, RDF, GraphNames
from hdsgraph.index import SearchIndex
from hdsgraph.ingest.content import Content
from hdsgraph.ingest.records import DocumentRecord, LifecycleState, read_record
from hdsgraph.ontology import Closure
from hdsgraph.policy import (
    CompiledPolicy,
    Decision,
    Facts,
    KnownTerms,
    PolicyError,
    Request,
    UnknownTermError,
    compile_policy,
    ehds_prohibitions_policy,
    evaluate,
)
from hdsgraph.policy.decision import Outcome
from hdsgraph.policy.model import AnyConstraint, Duty, LogicalConstraint, Scope
from hdsgraph.rdfio import to_rdflib_graph
from hdsgraph.store.base import GraphStore, Iri

__all__ = ["ANY_DATASET", "PolicyService", "compile_policies", "policy_iris", "read_records"]

log = logging.getLogger("hdsgraph.node.policies")

POLICY_TYPES = frozenset(str(ODRL[name]) for name in ("Set", "Offer", "Agreement", "Policy", "Privacy"))
# The profiles this node implements besides its own (always known to the compiler): none yet.
PROFILES_KNOWN: frozenset[str] = frozenset()
_RDF_TYPE = str(RDF.type)
_HAS_POLICY = str(ODRL.hasPolicy)
_DPF = str(HDS.DPFCertifiedOrganisation)
_HDAB = str(HDS.HealthDataAccessBody)
_PURPOSE = "https://w3id.org/dpv#Purpose"

# The target of a request asked of every dataset (``eligible``), which replaces it dataset by dataset.
ANY_DATASET = "urn:hdsgraph:any-dataset"

RecordReader = Callable[[str], DocumentRecord | None]


def policy_iris(graph: rdflib.Graph) -> list[str]:
    """The policies a graph defines: subjects typed with an ODRL policy class and named by an IRI.

    A policy without an IRI (a blank node) cannot be referenced, explained or withdrawn on its own: not compiled.
    """
    found = {str(s) for t in POLICY_TYPES for s in graph.subjects(RDF.type, URIRef(t)) if isinstance(s, URIRef)}
    return sorted(found)


def compile_policies(graph: rdflib.Graph) -> dict[str, CompiledPolicy]:
    """Every policy of ``graph`` compiled; the first that does not compile raises its ``PolicyError``."""
    return {iri: compile_policy(graph, iri, profiles_known=PROFILES_KNOWN) for iri in policy_iris(graph)}


def check_policies(content: Content) -> None:
    """The publisher's check: every policy a document defines compiles (else its ``PolicyError``, naming the
    constraint). A document that defines none is not turned into an rdflib graph for it."""
    if _defines_policy(content.triples):
        compile_policies(content.graph)


def _defines_policy(triples: Sequence[Any]) -> bool:
    return any(t.predicate.value == _RDF_TYPE and getattr(t.object, "value", None) in POLICY_TYPES for t in triples)


def _links(triples: Sequence[Any]) -> frozenset[tuple[str, str]]:
    """(dataset, policy) of every ``odrl:hasPolicy`` between IRIs, read from the parsed triples."""
    return frozenset(
        (t.subject.value, t.object.value)
        for t in triples
        if t.predicate.value == _HAS_POLICY
        and isinstance(t.subject, ox.NamedNode)
        and isinstance(t.object, ox.NamedNode)
    )


def _mentions_policy(triples: Sequence[Any]) -> bool:
    # Most documents hold no policy: a scan of the parsed triples spares them an rdflib graph.
    for t in triples:
        predicate = t.predicate.value
        if predicate == _HAS_POLICY or (predicate == _RDF_TYPE and getattr(t.object, "value", None) in POLICY_TYPES):
            return True
    return False


@dataclass(frozen=True)
class _GraphPolicies:
    policies: Mapping[str, CompiledPolicy]
    links: frozenset[tuple[str, str]]  # (dataset, policy) from odrl:hasPolicy


_EMPTY_GRAPH = _GraphPolicies({}, frozenset())


def _read_graph(graph: rdflib.Graph) -> _GraphPolicies:
    links = frozenset(
        (str(d), str(p))
        for d, p in graph.subject_objects(ODRL.hasPolicy)
        if isinstance(d, URIRef) and isinstance(p, URIRef)
    )
    return _GraphPolicies(compile_policies(graph), links)


@dataclass(frozen=True)
class _Tables:
    """Derived from every graph's policies at once; rebuilt on first use after a change."""

    by_iri: Mapping[str, CompiledPolicy]
    by_dataset: Mapping[str, tuple[CompiledPolicy, ...]]
    # Datasets governed by the same policies, whose rules target them alike, decide alike: one decision per group,
    # asked of one of them (the first by IRI). The members are a frozenset made once, so that an allow-list is a
    # union of a few sets rather than a set built dataset by dataset for every request.
    groups: tuple[tuple[tuple[CompiledPolicy, ...], str, frozenset[str]], ...]


class PolicyService:
    """The node's policies, compiled, with ``decide`` and ``eligible``. Thread-safe: tables are swapped whole."""

    def __init__(self, store: GraphStore, closure: Closure, index: SearchIndex, records: RecordReader) -> None:
        self.store = store
        self.closure = closure
        self.index = index
        self.records = records
        self.node_wide: tuple[CompiledPolicy, ...] = (ehds_prohibitions_policy(),)
        self._lock = threading.Lock()
        self._graphs: dict[str, _GraphPolicies] = {}
        self._tables: _Tables | None = None
        self._facts: dict[str, Facts] = {}
        self.refused: dict[str, str] = {}  # policies in the store that do not compile (loaded without checks)
        self.terms = _known_terms(closure)
        self.reload()

    # -- keeping up with the store ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Compile every policy the store holds (at start, and after a bulk load that bypassed the publisher).

        Only graphs that define a policy are read whole; the links of every other graph (a dataset naming its
        policies, as most datasets of a catalogue do) come from one query for all of them: ~4 s for 88,000 links
        at 100k datasets on the embedded store, where reading each dataset's graph took ~6 ms a graph (ten
        minutes).
        """
        graphs: dict[str, _GraphPolicies] = {}
        refused: dict[str, str] = {}
        for name in self._graphs_defining_policies():
            triples = self.store.construct(
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(name)}
            )
            try:
                graphs[name] = _read_graph(triples)
            except PolicyError as e:
                # Published documents were checked; a bulk load was not. The node still starts, and says so.
                refused[name] = e.message
                log.warning("graph %s holds a policy that does not compile: %s", name, e.message)
        for name, links in self._links_by_graph().items():
            if name not in graphs and name not in refused:
                graphs[name] = _GraphPolicies({}, frozenset(links))
        with self._lock:
            self._graphs = graphs
            self.refused = refused
            self._tables = None
            self._facts = {}

    def _graphs_defining_policies(self) -> list[str]:
        rows = self.store.select_plain(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a ?t } VALUES ?t { "
            + " ".join(f"<{t}>" for t in sorted(POLICY_TYPES))
            + " } }"
        )
        names = {str(row["g"]) for row in rows if row.get("g") is not None}
        return sorted(n for n in names if not n.startswith(GraphNames.ONTOLOGY_PREFIX))

    def _links_by_graph(self) -> dict[str, set[tuple[str, str]]]:
        """(dataset, policy) of every ``odrl:hasPolicy`` between IRIs, by graph."""
        # Blank nodes are left out here rather than by a FILTER, which costs the embedded store a third more.
        rows = self.store.select_plain(f"SELECT ?g ?d ?p WHERE {{ GRAPH ?g {{ ?d <{_HAS_POLICY}> ?p }} }}")
        found: dict[str, set[tuple[str, str]]] = {}
        for row in rows:
            name, dataset, policy = str(row["g"]), row["d"], row["p"]
            if isinstance(dataset, Iri) and isinstance(policy, Iri) and not name.startswith(GraphNames.ONTOLOGY_PREFIX):
                found.setdefault(name, set()).add((str(dataset), str(policy)))
        return found

    def stage(self, graph: str, triples: Sequence[Any]) -> _StagedPolicies:
        """The derived-view protocol: compile the graph's policies now, swap them in once the store holds them.

        A policy that does not compile raises here, before anything is written (the publisher refuses it earlier
        with a readable problem; this guards every other write path).
        """
        if not triples or not _mentions_policy(triples):
            found = _EMPTY_GRAPH
        elif _defines_policy(triples):
            found = _read_graph(to_rdflib_graph(list(triples)))
        else:  # a dataset naming its policies: the links alone, without an rdflib graph
            found = _GraphPolicies({}, _links(triples))
        return _StagedPolicies(self, graph, found)

    def _apply(self, graph: str, found: _GraphPolicies) -> None:
        with self._lock:
            # Any write may change a requester's description, its record or a permit: facts are read afresh.
            self._facts = {}
            if not (found.policies or found.links or graph in self._graphs):
                # Most writes touch no policy: the tables (a second or so to rebuild at 100k datasets) stay.
                return
            graphs = dict(self._graphs)
            if found.policies or found.links:
                graphs[graph] = found
            else:
                graphs.pop(graph, None)
            self._graphs = graphs
            self._tables = None

    # -- reads -------------------------------------------------------------------------------------------------

    def _current(self) -> _Tables:
        tables = self._tables
        if tables is None:
            with self._lock:
                tables = self._tables = self._tables or _build_tables(self._graphs.values())
        return tables

    def policy(self, iri: str) -> CompiledPolicy | None:
        """A compiled policy by its IRI: the store's, or a node-wide one."""
        found = self._current().by_iri.get(iri)
        if found is None:
            found = next((p for p in self.node_wide if p.iri == iri), None)
        return found

    def of_dataset(self, dataset: str) -> tuple[CompiledPolicy, ...]:
        """The policies governing ``dataset``: those it names with ``odrl:hasPolicy`` and those targeting it."""
        return self._current().by_dataset.get(dataset, ())

    def of_datasets(self, datasets: Sequence[str]) -> list[tuple[CompiledPolicy, ...]]:
        """``of_dataset`` for many datasets against one state of the tables (a DataLoader's batch)."""
        by_dataset = self._current().by_dataset
        return [by_dataset.get(d, ()) for d in datasets]

    def governed(self) -> list[str]:
        """Every dataset some policy governs."""
        return sorted(self._current().by_dataset)

    @property
    def policies(self) -> Mapping[str, CompiledPolicy]:
        return self._current().by_iri

    def facts(self, requester: str) -> Facts:
        """What the graph establishes about ``requester``; an unknown requester raises ``UnknownTermError``."""
        found = self._facts.get(requester)
        if found is None:
            found = self._read_facts(requester)
            self._facts[requester] = found
        return found

    def _read_facts(self, requester: str) -> Facts:
        # Only the participant's own graph counts: other documents may say anything about it.
        graph = GraphNames.for_resource(requester)
        rows = self.store.select_plain(
            "SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph), "s": URIRef(requester)}
        )
        if not rows:
            raise UnknownTermError("requester", requester, self.participants())
        values: dict[str, list[str]] = {}
        for row in rows:
            values.setdefault(str(row["p"]), []).append(str(row["o"]))
        types = values.get(_RDF_TYPE, [])
        organisation_types = frozenset(values.get(str(HDS.organisationType), []))
        jurisdiction = _first(values.get(str(HDS.jurisdiction), [])) or self._address_jurisdiction(graph, requester)
        facts_of = [(str(HDS.jurisdiction), jurisdiction)] if jurisdiction else []
        classes = self.closure.agent_types(types, facts_of)
        record = self.records(requester)
        return Facts(
            organisation_types=organisation_types,
            jurisdiction=jurisdiction,
            dpf_certified=_DPF in classes,
            gaiax_compliant=_compliant(record),
            permits=frozenset(self._permits_of(requester)),
        )

    def _address_jurisdiction(self, graph: str, requester: str) -> str | None:
        """A Gaia-X legal address's country, when the ontology knows it as a jurisdiction (``hds:KR``)."""
        rows = self.store.select_plain(
            f"SELECT ?c WHERE {{ GRAPH ?g {{ ?s <{GX.legalAddress}> ?a . ?a <{GX.countryCode}> ?c }} }}",
            {"g": URIRef(graph), "s": URIRef(requester)},
        )
        for row in rows:
            candidate = str(HDS[str(row["c"]).upper()[:2]])
            if str(HDS.Jurisdiction) in self.closure.types(candidate):
                return candidate
        return None

    def _permits_of(self, requester: str) -> list[str]:
        """Data permits held for ``requester`` whose issuer is a health data access body (EHDS Art. 68)."""
        rows = self.store.select_plain(
            "SELECT ?permit ?issuer WHERE { GRAPH ?g { ?permit a ?class ; ?holder ?r ; ?by ?issuer } }",
            {
                "class": URIRef(str(HDS.DataPermit)),
                "holder": URIRef(str(HDS.permitHolder)),
                "by": URIRef(str(DCT.issuer)),
                "r": URIRef(requester),
            },
        )
        permits = []
        for row in rows:
            issuer = str(row["issuer"])
            types = self.store.select_plain(
                "SELECT ?t WHERE { GRAPH ?g { ?s ?p ?t } }",
                {"g": URIRef(GraphNames.for_resource(issuer)), "s": URIRef(issuer), "p": HDS.organisationType},
            )
            if any(_HDAB in self.closure.ancestors(str(t["t"])) for t in types):
                permits.append(str(row["permit"]))
        return permits

    def participants(self) -> list[str]:
        """Participants the node holds a description of, for errors naming an unknown requester."""
        rows = self.store.select_plain(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a <{GX.LegalPerson}> }} }} ORDER BY ?s LIMIT 200"
        )
        return [str(row["s"]) for row in rows]

    # -- decisions ---------------------------------------------------------------------------------------------

    def check_terms(self, request: Request) -> None:
        """Refuse a request naming an action, purpose, environment, data form or dataset the node does not know."""
        self.terms.check(request)
        self.facts(request.requester)  # an unknown requester is refused before anything is decided
        tables = self._current()
        unknown = [d for d in request.targets if d not in tables.by_dataset and not self.index.contains(d)]
        if unknown:
            known = sorted(tables.by_dataset)
            close = difflib.get_close_matches(unknown[0], known, n=5, cutoff=0.6)
            raise UnknownTermError("dataset", unknown[0], close or known[:12], total=len(self.index) or len(known))

    def decide(self, request: Request) -> Decision:
        """Decide ``request`` with the node-wide policies and the policies of its datasets."""
        self.check_terms(request)
        facts = self.facts(request.requester)
        policies: dict[str, CompiledPolicy] = {p.iri: p for p in self.node_wide}
        for dataset in request.targets:
            for policy in self.of_dataset(dataset):
                policies.setdefault(policy.iri, policy)
        return evaluate(list(policies.values()), request, facts, self.closure)

    def eligible(self, request: Request) -> frozenset[str]:
        """The datasets ``request`` may use, whatever its targets: one decision per group of datasets that share
        their policies and are targeted alike, never one per dataset."""
        self.terms.check(request)
        facts = self.facts(request.requester)
        permitted = []
        for policies, first, members in self._current().groups:
            probe = replace(request, targets=(first,))
            if evaluate((*self.node_wide, *policies), probe, facts, self.closure).outcome is Outcome.PERMIT:
                permitted.append(members)
        return permitted[0] if len(permitted) == 1 else frozenset().union(*permitted)


class _StagedPolicies:
    def __init__(self, service: PolicyService, graph: str, found: _GraphPolicies) -> None:
        self._service = service
        self._graph = graph
        self._found = found

    def begin(self) -> None:
        """Nothing to mark: the policies are compiled again from the store at the next start."""

    def commit(self) -> None:
        self._service._apply(self._graph, self._found)

    def abort(self) -> None:
        """The store did not change: the compiled policies are dropped."""


def _build_tables(graphs: Iterable[_GraphPolicies]) -> _Tables:
    # Run at the first read after a policy changed, over every link of the catalogue (~90,000 at 100k datasets):
    # no set of all links is built, and a dataset with one policy (most of them) sorts nothing.
    found_in = list(graphs)
    by_iri: dict[str, CompiledPolicy] = {}
    for found in found_in:
        by_iri.update(found.policies)
    governing: dict[str, dict[str, CompiledPolicy]] = {}
    for policy in by_iri.values():
        for target in policy.targets:
            governing.setdefault(target, {})[policy.iri] = policy
    for found in found_in:
        for dataset, iri in found.links:
            linked = by_iri.get(iri)
            if linked is not None:
                named = governing.get(dataset)
                if named is None:
                    governing[dataset] = {iri: linked}
                else:
                    named[iri] = linked
    by_dataset = {
        d: tuple(ps.values()) if len(ps) == 1 else tuple(sorted(ps.values(), key=lambda p: p.iri))
        for d, ps in governing.items()
    }
    return _Tables(by_iri, by_dataset, _groups(by_dataset))


def _groups(
    by_dataset: Mapping[str, tuple[CompiledPolicy, ...]],
) -> tuple[tuple[tuple[CompiledPolicy, ...], str, frozenset[str]], ...]:
    """Datasets by what decides their outcome: policies alike but for their IRIs and targets, and the same of
    their rules naming the dataset. A catalogue with one Offer per dataset made from a few templates then needs a
    few decisions, not one per dataset.

    A rule with a refined or open target may decide differently per dataset: a dataset governed by one is a group
    of its own. Dataset targets are matched by IRI here (collections through the ontology are not used for them).
    """
    # Each policy's shape as a small number: equal shapes, equal numbers; a dataset's key then sorts and hashes fast.
    shape_numbers: dict[tuple[Any, ...], int] = {}
    shape_of: dict[str, int] = {}
    # A targetless policy (a template datasets link to) is the same part of every dataset's key.
    whole: dict[str, tuple[int, tuple[int, ...]]] = {}
    grouped: dict[tuple[Any, ...], list[str]] = {}
    policies_of: dict[tuple[Any, ...], tuple[CompiledPolicy, ...]] = {}
    for dataset, policies in by_dataset.items():
        parts = []
        alone = False
        for policy in policies:
            part = whole.get(policy.iri)
            if part is not None:
                parts.append(part)
                continue
            shape = shape_of.get(policy.iri)
            if shape is None:
                shape = shape_of[policy.iri] = shape_numbers.setdefault(_shape(policy), len(shape_numbers))
            if policy.targetless:
                part = whole[policy.iri] = (shape, tuple(range(len(policy.rules))))
                parts.append(part)
                continue
            naming = []
            for position, rule in enumerate(policy.rules):
                if any(s.anything or s.refinements for s in rule.targets):
                    alone = True
                if not rule.targets or any(dataset in s.iris for s in rule.targets):
                    naming.append(position)
            parts.append((shape, tuple(naming)))
        key: tuple[Any, ...] = (tuple(sorted(parts)) if len(parts) > 1 else tuple(parts), dataset if alone else None)
        grouped.setdefault(key, []).append(dataset)
        policies_of.setdefault(key, policies)
    return tuple((policies_of[key], min(datasets), frozenset(datasets)) for key, datasets in grouped.items())


def _shape(policy: CompiledPolicy) -> tuple[Any, ...]:
    """Everything of a policy that an outcome depends on, once its targets have matched: not its IRI, rule names
    or targets (the explanation names them; the outcome does not depend on them)."""
    return (
        policy.kind,
        policy.conflict,
        policy.node_wide,
        tuple(sorted(policy.assigners)),
        tuple(
            (
                r.kind,
                r.action,
                _constraints(r.refinements),
                _scopes_shape(r.assignees),
                tuple(sorted(r.assigners)),
                _constraints(r.constraints),
                tuple(_duty(d) for d in r.duties),
            )
            for r in policy.rules
        ),
    )


def _constraints(constraints: Iterable[AnyConstraint]) -> tuple[Any, ...]:
    out: list[Any] = []
    for c in constraints:
        if isinstance(c, LogicalConstraint):
            out.append((c.operator, _constraints(c.parts)))
        else:
            out.append((c.left, c.operator, repr(c.right), c.unit, c.reference))
    return tuple(out)


def _scopes_shape(scopes: Iterable[Scope]) -> tuple[Any, ...]:
    return tuple((tuple(sorted(s.iris)), s.anything, _constraints(s.refinements)) for s in scopes)


def _duty(d: Duty) -> tuple[Any, ...]:
    # A named duty can be recorded as performed by its IRI: its IRI is part of what decides.
    return (
        d.id if d.named else None,
        d.action,
        _constraints(d.constraints),
        d.terms,
        d.parties,
        tuple(_duty(c) for c in d.consequences),
    )


def _first(values: list[str]) -> str | None:
    return sorted(values)[0] if values else None


def _compliant(record: DocumentRecord | None) -> bool:
    """Gaia-X compliance as this node can establish it: an active self-description whose credentials verified."""
    if record is None or record.kind != "self-description":
        return False
    current = record.current
    return current is not None and current.state is LifecycleState.ACTIVE and bool(current.credentials)


def _known_terms(closure: Closure) -> KnownTerms:
    """Purposes, environments and data forms from the closure (no ontology parsing at start); datasets are checked
    against the index and the policies instead, which change while the node runs."""
    purposes = frozenset(c for c, up in closure.ancestors_of.items() if _PURPOSE in up and c != _PURPOSE)
    environments = frozenset(i for i, t in closure.types_of.items() if str(HDS.ProcessingEnvironment) in t)
    forms = frozenset(i for i, t in closure.types_of.items() if str(HDS.DataForm) in t)
    return KnownTerms(
        purposes=purposes or None, environments=environments or None, data_forms=forms or None, datasets=None
    )


def read_records(store: GraphStore) -> RecordReader:
    """The current record of a resource, as the publisher keeps it."""
    return lambda resource: read_record(store, resource)
