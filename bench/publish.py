"""Publishing, in process, on a seeded node on disk: one dataset, one signed self-description, and the peer.

- dataset: a HealthDCAT-AP description made from the bladder cohort seed under a new IRI each time, published by
  its publisher (parse, SHACL, ownership, store, record, index);
- self-description: a Loire presentation (legal person, profile, terms) of a new participant each time, signed
  beforehand with a key of its own (verify, SHACL, Gaia-X rules, ownership, store, record);
- seed datasets: each of the seeds' HealthDCAT-AP datasets (126 to 290 triples) under a new IRI, in turn, by its
  publisher: what the bladder cohort (259 triples, among the largest) is among;
- peer: the same dataset validated the obvious way, pyshacl over the whole graph of the node (the document added to
  every seed, ontology and vocabulary graph) with the shapes parsed once.

    PYTHONPATH=. .venv/bin/python -m bench.publish
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.machine import percentile
from rdflib import Dataset, Graph, URIRef

from hdsgraph.core.config import Settings, project_root
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.heap import settle_after_start
from hdsgraph.core.vocab import DCAT, RDF
from hdsgraph.credentials import KeyPair, did_key_for, make_presentation, sign_vc_jwt
from hdsgraph.ingest.publisher import owner_of
from hdsgraph.node import Node

__all__ = ["measure"]

ROOT = project_root()
BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
LIH = "https://seed.hdsgraph.org/participant/lih"
GX = "https://w3id.org/gaia-x/development#"
HDS = "https://w3id.org/hdsgraph/ontology#"
TERMS = "4bd7554097444c960292b4726c2efa1373485e8a5565d94d41195214c5e0ceb3"


def dataset_document(n: int) -> bytes:
    """The bladder cohort under its own dataset and distribution IRIs: a new dataset, not a new version."""
    return BLADDER.read_bytes().replace(b"lih-bladder-cancer-cohort", f"bench-publish-{n:04d}".encode())


def seed_datasets(rounds: int) -> list[tuple[bytes, str, int]]:
    """(document, publisher, triples) of every seed dataset under new IRIs, ``rounds`` times over."""
    found = []
    for path in sorted((ROOT / "seeds" / "datasets").glob("*.ttl")):
        data = path.read_bytes()
        graph = Graph().parse(data=data, format="turtle")
        dataset = graph.value(predicate=RDF.type, object=DCAT.Dataset)
        publisher = owner_of(graph, dataset) if isinstance(dataset, URIRef) else None
        if publisher is None:
            continue
        found.extend(
            (data.replace(path.stem.encode(), f"{path.stem}-bench-{r}".encode()), publisher, len(graph))
            for r in range(rounds)
        )
    return found


def self_description(n: int) -> tuple[str, str]:
    """(participant IRI, signed presentation) of a new participant."""
    participant = f"https://participants.example.org/bench-{n:04d}"
    key = KeyPair.generate()
    did = did_key_for(key.public_key())
    kid = f"{did}#{did.removeprefix('did:key:')}"
    address = {"@id": f"{participant}#address", "@type": f"{GX}Address", f"{GX}countryCode": "DE"}
    subjects = [
        {
            "@id": participant,
            "@type": f"{GX}LegalPerson",
            f"{GX}registrationNumber": {
                "@id": f"{participant}#vat",
                "@type": [f"{GX}VatID", f"{GX}RegistrationNumber"],
                f"{GX}vatID": "DE1234",
            },
            f"{GX}legalAddress": address,
            f"{GX}headquartersAddress": {"@id": f"{participant}#address"},
        },
        {
            "@id": participant,
            "@type": ["http://xmlns.com/foaf/0.1/Agent", "http://xmlns.com/foaf/0.1/Organization"],
            "http://xmlns.com/foaf/0.1/name": {"@value": f"Bench institute {n}", "@language": "en"},
            f"{HDS}organisationType": {"@id": f"{HDS}ResearchOrganisation"},
            f"{HDS}jurisdiction": {"@id": f"{HDS}DE"},
        },
        {"@id": f"{participant}#issuer", "@type": f"{GX}Issuer", f"{GX}gaiaxTermsAndConditions": TERMS},
    ]
    credentials = [
        sign_vc_jwt(
            {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"],
                "issuer": did,
                "validFrom": "2026-01-01T00:00:00Z",
                "credentialSubject": subject,
            },
            key,
            kid,
        )
        for subject in subjects
    ]
    return participant, json.dumps(make_presentation(credentials, holder=did))


def _ms(seconds: list[float]) -> dict[str, float]:
    times = [s * 1000 for s in seconds]
    return {"calls": len(times), "p50": percentile(times, 50), "p99": percentile(times, 99)}


def measure(data_dir: Path, datasets: int = 60, participants: int = 30, peer_runs: int = 5) -> dict[str, Any]:
    settings = Settings.from_env({}, data_dir=data_dir, resources_dir=ROOT)
    node = Node(settings)
    try:
        node.prepare()  # seeds: 93 documents, each verified and validated
        # As `hdsgraph serve` does once its node is prepared: what start-up built is left out of collections.
        settle_after_start()
        publisher = node.publisher
        documents = [dataset_document(n) for n in range(datasets + 3)]
        for document in documents[:3]:  # warm-up: shape selections, prepared queries
            publisher.publish_dataset(document, RdfFormat.TURTLE, LIH)
        dataset_times = []
        for document in documents[3:]:
            t0 = time.perf_counter()
            publisher.publish_dataset(document, RdfFormat.TURTLE, LIH)
            dataset_times.append(time.perf_counter() - t0)

        seed_times, sizes = [], []
        for document, by, triples in seed_datasets(rounds=2):
            t0 = time.perf_counter()
            publisher.publish_dataset(document, RdfFormat.TURTLE, by)
            seed_times.append(time.perf_counter() - t0)
            sizes.append(triples)

        presentations = [self_description(n) for n in range(participants + 2)]
        for participant, document in presentations[:2]:
            publisher.publish_self_description(document.encode(), participant)
        sd_times = []
        for participant, document in presentations[2:]:
            t0 = time.perf_counter()
            publisher.publish_self_description(document.encode(), participant)
            sd_times.append(time.perf_counter() - t0)

        peer = _whole_graph_peer(node, documents[0], peer_runs)
    finally:
        node.close()
    seeds = {**_ms(seed_times), "min_triples": min(sizes), "max_triples": max(sizes)}
    out = {"dataset": _ms(dataset_times), "seed_datasets": seeds, "self_description": _ms(sd_times), "peer": peer}
    out["ratio"] = peer["p50"] / out["dataset"]["p50"] if out["dataset"]["p50"] else None
    return out


def _whole_graph_peer(node: Node, document: bytes, runs: int) -> dict[str, Any]:
    import pyshacl

    from hdsgraph.validation.validator import read_turtle_tree

    whole = Dataset()
    with tempfile.TemporaryFile() as export:
        node.store.export(export)
        export.seek(0)
        whole.parse(export, format="nquads")
    graph = Graph()
    for s, p, o, _ in whole.quads((None, None, None, None)):
        graph.add((s, p, o))
    graph.parse(data=document, format="turtle")
    shapes = read_turtle_tree(node.settings.shapes_dir)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        pyshacl.validate(graph, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True)
        times.append(time.perf_counter() - t0)
    return {"calls": runs, "p50": statistics.median(times) * 1000, "triples": len(graph)}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hdsgraph-bench-publish-") as tmp:
        result = measure(Path(tmp) / "data")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
