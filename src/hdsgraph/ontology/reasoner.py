"""``classify``: HermiT (through owlready2) classifies the ontology, checks it, and returns its ``Closure``.

Run when the ontology changes (``hdsgraph reason``, or a node whose committed closure is stale), never per request:
a run takes seconds and a Java runtime. owlready2 is imported here only, and only when a run is asked for, so that
reading a closure needs neither.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.util import guess_format

from hdsgraph.core.errors import ConfigError, HdsgraphError
from hdsgraph.core.vocab import HDS, OWL, PREFIXES, RDF, RDFS, SKOS
from hdsgraph.ontology._tables import Derived, asserted_types, broader_links, build_closure, is_meta
from hdsgraph.ontology.closure import Closure

__all__ = ["CLOSURE_FORMAT", "OntologyInconsistentError", "classify", "inputs_hash", "java_available"]

# Part of every closure's hash: a change to what the tables hold makes every committed or cached closure stale.
CLOSURE_FORMAT = "hdsgraph-closure/1"

_PROBE = "urn:hdsgraph:probe:"
_SHORT = {**PREFIXES, "eu-ehds": "https://w3id.org/dpv/legal/eu/ehds#"}


class OntologyInconsistentError(HdsgraphError):
    """The ontology has unsatisfiable classes, or no model at all; the node cannot reason with it."""

    code = "ONTOLOGY_INCONSISTENT"

    def __init__(
        self, unsatisfiable: Sequence[str], *, inconsistent: bool = False, culprits: Sequence[str] = ()
    ) -> None:
        parts = []
        if unsatisfiable:
            names = ", ".join(short(iri) for iri in unsatisfiable)
            parts.append(
                f"{len(unsatisfiable)} unsatisfiable class{'es' if len(unsatisfiable) != 1 else ''}: {names} "
                "(no individual can belong to them: check their superclasses, equivalences and disjointness axioms)"
            )
        if inconsistent:
            parts.append(
                "the ontology as a whole is inconsistent (it has no model)"
                + (": " + "; ".join(culprits) if culprits else "; no single individual was found to blame")
            )
        super().__init__(
            "the ontology is inconsistent: " + "; ".join(parts) + ". Fix the ontology files, then run "
            "`hdsgraph reason --write`",
            unsatisfiable=list(unsatisfiable),
            inconsistent=inconsistent,
            culprits=list(culprits),
        )
        self.unsatisfiable = tuple(unsatisfiable)
        self.inconsistent = inconsistent
        self.culprits = tuple(culprits)


def short(iri: str) -> str:
    """``hds:LU`` for the LU IRI: error messages name terms as the files write them."""
    for prefix, base in _SHORT.items():
        if iri.startswith(base) and iri != base:
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


def inputs_hash(ontology_files: Sequence[Path], vocabulary_files: Sequence[Path] = ()) -> str:
    """SHA-256 over the files' names, roles and contents (line endings normalised, so a Windows checkout of the
    same files has the same hash) and ``CLOSURE_FORMAT``."""
    digest = hashlib.sha256(CLOSURE_FORMAT.encode() + b"\0")
    for role, files in (("owl", ontology_files), ("skos", vocabulary_files)):
        for path in sorted(files, key=lambda p: p.name):
            content = path.read_bytes().replace(b"\r\n", b"\n")
            digest.update(f"{role}\0{path.name}\0".encode() + hashlib.sha256(content).digest())
    return digest.hexdigest()


def java_available() -> bool:
    """Whether the Java runtime owlready2 would start for HermiT exists (owlready2's ``JAVA_EXE``)."""
    try:
        import owlready2
    except ImportError:
        return False
    exe = str(owlready2.JAVA_EXE)
    return shutil.which(exe) is not None or Path(exe).is_file()


def classify(ontology_files: list[Path], vocabulary_files: Sequence[Path] = ()) -> Closure:
    """Classify ``ontology_files`` (OWL) with HermiT and return the closure, joined with the ``skos:broader``
    hierarchy and concept typing of ``vocabulary_files`` (SKOS views, kept away from the reasoner: owlready2 would
    read a class's extra ``rdf:type`` as a superclass).

    Raises ``OntologyInconsistentError`` naming every unsatisfiable class, and the individuals to blame when the
    ontology has no model; ``ConfigError`` when a file does not parse or no Java runtime is found.
    """
    if not ontology_files:
        raise ConfigError("classify needs at least one OWL ontology file (such as ontologies/hdsgraph.ttl)")
    if not java_available():
        raise ConfigError(
            "HermiT needs a Java runtime (17 or later) and none was found ('java' is not on PATH); install one "
            "(for example: apt-get install default-jre-headless)"
        )
    owl = _parse(ontology_files)
    skos = _parse(vocabulary_files)
    probes = _probes(owl)
    derived = _run_hermit(owl, probes)
    concepts = {str(s) for g in (owl, skos) for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}
    return build_closure(
        derived,
        broader=broader_links((owl, skos)),
        concepts=concepts,
        vocabulary_types=asserted_types((skos,)),
        content_hash=inputs_hash(ontology_files, vocabulary_files),
        inputs=tuple(sorted(p.name for p in (*ontology_files, *vocabulary_files))),
        reasoner=_reasoner_name(),
    )


def _parse(files: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format=guess_format(str(path)) or "turtle")
        except Exception as e:  # rdflib's parsers raise their own error types; each means the same here
            raise ConfigError(f"{path}: does not parse as RDF ({e}); fix it and run `hdsgraph reason` again") from e
    return graph


def _probes(owl: Graph) -> dict[str, tuple[str, str]]:
    """One made-up individual per (property, value) that a restriction of the ontology may test, each with that
    single fact: what HermiT derives for it holds for any participant with the same fact."""
    properties = {
        p
        for p in owl.objects(None, OWL.onProperty)
        if isinstance(p, URIRef) and (p, RDF.type, OWL.ObjectProperty) in owl
    }
    individuals = {
        s: {o for o in owl.objects(s, RDF.type) if isinstance(o, URIRef) and not is_meta(str(o))}
        for s in owl.subjects(RDF.type, OWL.NamedIndividual)
        if isinstance(s, URIRef)
    }
    probes: dict[str, tuple[str, str]] = {}
    for prop in sorted(properties):
        ranges = set(owl.objects(prop, RDFS.range))
        for value, types in sorted(individuals.items()):
            told = {up for t in types for up in owl.transitive_objects(t, RDFS.subClassOf)}
            if not ranges or ranges <= told:
                probes[f"{_PROBE}{len(probes)}"] = (str(prop), str(value))
    return probes


def _reasoner_name() -> str:
    import owlready2

    return f"HermiT (owlready2 {owlready2.VERSION})"


def _run_hermit(owl: Graph, probes: dict[str, tuple[str, str]]) -> Derived:
    import owlready2

    graph = Graph()
    graph += owl
    for probe, (prop, value) in probes.items():
        graph.add((URIRef(probe), RDF.type, OWL.NamedIndividual))
        graph.add((URIRef(probe), URIRef(prop), URIRef(value)))
    with tempfile.TemporaryDirectory(prefix="hdsgraph-reason-") as tmp:
        world = _load_world(graph, Path(tmp))
        try:
            try:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                raise _diagnose(owl) from None
            except owlready2.OwlReadyJavaError as e:
                raise ConfigError(f"HermiT failed to run: {e}") from e
            unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes() if c.iri != str(OWL.Nothing))
            if unsatisfiable:
                raise OntologyInconsistentError(unsatisfiable)
            return _extract(world, probes)
        finally:
            world.close()


def _load_world(graph: Graph, directory: Path) -> Any:
    import owlready2

    # owlready2 reads N-Triples, RDF/XML and OWL/XML, not Turtle; a fresh World keeps runs apart.
    nt = directory / "ontology.nt"
    graph.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(nt.as_uri()).load(format="ntriples")
    return world


def _named(entities: Iterable[Any]) -> set[str]:
    import owlready2

    return {
        str(e.iri)
        for e in entities
        if isinstance(e, owlready2.ThingClass) and e.iri not in (str(OWL.Thing), str(OWL.Nothing))
    }


def _extract(world: Any, probes: dict[str, tuple[str, str]]) -> Derived:
    derived = Derived()
    for cls in world.classes():
        if not is_meta(str(cls.iri)):
            derived.class_ancestors[str(cls.iri)] = _named(cls.ancestors())
    for individual in world.individuals():
        iri = str(individual.iri)
        types = _named(individual.INDIRECT_is_a)
        if iri in probes:
            derived.probe_types[probes[iri]] = types
        elif types:
            derived.individual_types[iri] = types
    member_of = world[str(HDS.memberOf)]
    if member_of is not None:
        for s, o in member_of.get_relations():
            if s.iri not in probes:
                derived.member_of.setdefault(str(s.iri), set()).add(str(o.iri))
    return derived


def _diagnose(owl: Graph) -> OntologyInconsistentError:
    """The ontology has no model: classify its classes alone (no individuals) to name the unsatisfiable ones, then
    name the individuals whose asserted types meet one of them or two disjoint classes."""
    import owlready2

    individuals = {
        s
        for s, o in owl.subject_objects(RDF.type)
        if isinstance(s, URIRef) and (o == OWL.NamedIndividual or not is_meta(str(o)))
    } - set(owl.subjects(RDF.type, OWL.Class))
    tbox = Graph()
    for triple in owl:
        if triple[0] not in individuals:
            tbox.add(triple)
    with tempfile.TemporaryDirectory(prefix="hdsgraph-reason-") as tmp:
        world = _load_world(tbox, Path(tmp))
        try:
            try:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                return OntologyInconsistentError([], inconsistent=True)
            unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes() if c.iri != str(OWL.Nothing))
            ancestors = {str(c.iri): _named(c.ancestors()) | {str(c.iri)} for c in world.classes()}
        finally:
            world.close()
    disjoint = {(str(a), str(b)) for a, b in owl.subject_objects(OWL.disjointWith)}
    for group in owl.subjects(RDF.type, OWL.AllDisjointClasses):
        head = owl.value(group, OWL.members)
        members = [str(m) for m in owl.items(head)] if head is not None else []
        disjoint |= {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
    culprits = []
    for individual in sorted(individuals):
        up: set[str] = set()
        for t in owl.objects(individual, RDF.type):
            up |= ancestors.get(str(t), set())
        bad = sorted(up & set(unsatisfiable))
        if bad:
            culprits.append(f"{short(str(individual))} is a member of the unsatisfiable {short(bad[0])}")
        culprits += [
            f"{short(str(individual))} is in the disjoint classes {short(a)} and {short(b)}"
            for a, b in sorted(disjoint)
            if a in up and b in up
        ]
    return OntologyInconsistentError(unsatisfiable, inconsistent=True, culprits=culprits)
