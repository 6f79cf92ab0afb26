"""Real HTTP servers on loopback for the harvest tests: a real hdsgraph node's ``/catalog``, and a handcrafted server.

The node is built in process (in memory, with a few seed datasets) and served by uvicorn on a thread: its
``/catalog`` is the real one, paged with Hydra links, while the test can change what the node holds between crawls.
The handcrafted server answers fixed responses per path and records every request, for the cases a node never
serves (a foreign next link, a page over the byte cap, a non-RDF answer).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import uvicorn

from hdsgraph.app import create_app
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import GraphNames
from hdsgraph.ingest import Document
from hdsgraph.ingest.loader import write_in_step
from hdsgraph.node import Node
from hdsgraph.rdfio import parse_document
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT, make_settings

__all__ = ["SEED_DATASETS", "Canned", "Peer", "canned_server", "next_link", "peer_node", "seed_iri", "seed_turtle"]

# Five of the seed datasets: enough for three pages at two per page.
SEED_DATASETS = (
    "hrs-radiology-imaging-archive",
    "uks-hospital-quality-indicators",
    "lnds-causes-of-death-registry",
    "ncck-cancer-screening-survey",
    "hus-antimicrobial-resistance-isolates",
)


def seed_iri(name: str) -> str:
    return f"https://seed.hdsgraph.org/dataset/{name}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Peer:
    """A node serving ``/catalog`` on loopback; ``catalog`` asks for two datasets per page."""

    node: Node
    url: str

    @property
    def catalog(self) -> str:
        return f"{self.url}/catalog?pageSize=2"

    def load(self, name: str, replace: tuple[bytes, bytes] | None = None) -> None:
        """Publish a seed dataset (checked, as an operator's load), with one replacement in its text."""
        data = seed_turtle(name)
        if replace is not None:
            assert replace[0] in data
            data = data.replace(*replace)
        self.node.loader.load(Document(f"{name}.ttl", data, RdfFormat.TURTLE))

    def load_unchecked(self, iri: str, turtle: bytes) -> None:
        """Store a description without SHACL, as if another tool had written it: how an invalid one gets served."""
        graph = GraphNames.for_resource(iri)
        triples = parse_document(turtle, RdfFormat.TURTLE, source=iri)
        write_in_step(
            self.node.views, graph, triples, lambda: self.node.store.replace_graph(graph, turtle, RdfFormat.TURTLE)
        )

    def drop(self, iri: str) -> None:
        graph = GraphNames.for_resource(iri)
        write_in_step(self.node.views, graph, [], lambda: self.node.store.drop_graph(graph))


@contextmanager
def peer_node(tmp: Path, validator: ShaclValidator, names: tuple[str, ...] = SEED_DATASETS) -> Iterator[Peer]:
    node = Node.in_memory(make_settings(tmp / "peer"))
    node.__dict__["validator"] = validator  # the session's parsed shapes
    peer = Peer(node, "")
    for name in names:
        peer.load(name)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(node, prepare=False), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="peer-node", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise AssertionError("the peer node's server did not start")
        time.sleep(0.02)
    peer.url = f"http://127.0.0.1:{port}"
    try:
        yield peer
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        node.close()


@dataclass
class Canned:
    """Fixed answers by path (status, headers, body) and every path requested, in order."""

    url: str = ""
    answers: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def serve(self, path: str, body: bytes, media_type: str = "text/turtle", status: int = 200) -> str:
        """Answer ``path`` with ``body``; returns its absolute URL."""
        self.answers[path] = (status, {"Content-Type": media_type}, body)
        return self.url + path


class _Handler(BaseHTTPRequestHandler):
    canned: Canned

    def do_GET(self) -> None:
        self.canned.requests.append(self.path)
        status, headers, body = self.canned.answers.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        # No Content-Length: the body ends when the connection closes (HTTP/1.0), so a size cap must be enforced
        # while reading, not from the header.
        self.end_headers()
        for start in range(0, len(body), 64 << 10):
            self.wfile.write(body[start : start + (64 << 10)])

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet tests


@contextmanager
def canned_server() -> Iterator[Canned]:
    canned = Canned()
    handler = type("Handler", (_Handler,), {"canned": canned})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    canned.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="canned", daemon=True)
    thread.start()
    try:
        yield canned
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def seed_turtle(name: str) -> bytes:
    return (ROOT / "seeds" / "datasets" / f"{name}.ttl").read_bytes()


def next_link(page: str, target: str) -> bytes:
    """A Hydra statement naming ``target`` as the page after ``page``, to append to a Turtle page."""
    return f"\n<{page}> <http://www.w3.org/ns/hydra/core#next> <{target}> .\n".encode()
