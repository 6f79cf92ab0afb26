"""What each ``hdsgraph`` sub-command does, given its parsed arguments."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from hdsgraph.cli.participant_commands import looks_like_self_description, validate_self_description
from hdsgraph.cli.progress import ProgressBar
from hdsgraph.core.config import Settings
from hdsgraph.core.errors import ConfigError, ParseError, ValidationFailedError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.heap import settle_after_start
from hdsgraph.core.vocab import DCAT, RDF
from hdsgraph.federation.harvest import HarvestError, check_url
from hdsgraph.ingest import Document, DocumentArchive, Publisher, PublishRejected, check_document
from hdsgraph.node import Node
from hdsgraph.store import EmbeddedStore
from hdsgraph.validation import ShaclValidator

__all__ = ["export", "harvest", "load", "reindex", "schema", "serve", "validate"]


def _settings(args: argparse.Namespace, **flags: Any) -> Settings:
    return Settings.from_env(None, data_dir=getattr(args, "data", None), **flags)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hdsgraph.app import create_app

    settings = _settings(args, host=args.host, port=args.port, peers_file=args.peers)
    node = Node(settings)
    if node.peers.peers:
        # Checked before serving: peers named without a key of this node's own would refuse every request.
        print(f"federating with {', '.join(p.name for p in node.federation.peers)}", file=sys.stderr)
    report = node.prepare(ProgressBar("seeding"))
    if report is not None:
        print(
            f"seeded {report.documents} documents ({report.triples} triples) into {settings.data_dir}", file=sys.stderr
        )
    print(
        f"hdsgraph serving http://{settings.host}:{settings.port}/graphql (data: {settings.data_dir})", file=sys.stderr
    )
    settle_after_start()
    try:
        uvicorn.run(create_app(node, prepare=False), host=settings.host, port=settings.port, log_level="info")
    finally:
        node.close()
    return 0


def load(args: argparse.Namespace) -> int:
    if args.bulk:
        return _bulk_load(args)
    settings = _settings(args)
    fmt = RdfFormat.from_name(args.format) if args.format else None
    documents = [Document.from_file(path, fmt) for path in args.files]
    node = Node(settings)
    failed = 0
    try:
        node.prepare(ProgressBar("seeding"))
        progress = ProgressBar("loading")
        for i, document in enumerate(documents, 1):
            try:
                outcome = node.loader.load(document)
            except ParseError as e:
                failed += 1
                print(f"error: {e.message}; nothing of it was stored", file=sys.stderr)
            except ValidationFailedError as e:
                failed += 1
                print(f"error: {e.message}\n{e.report.describe()}", file=sys.stderr)
            else:
                warn = f", {len(outcome.report.warnings)} warning(s)" if outcome.report.warnings else ""
                print(f"{document.source}: {outcome.triples} triples into <{outcome.graph}>{warn}")
            progress(i, len(documents), document.source)
    finally:
        node.close()
    if failed:
        print(f"{failed} of {len(documents)} file(s) not loaded", file=sys.stderr)
    return 1 if failed else 0


def _bulk_load(args: argparse.Namespace) -> int:
    if args.format and RdfFormat.from_name(args.format) is not RdfFormat.N_QUADS:
        raise ConfigError(f"--bulk reads N-Quads only, not {args.format!r}; leave --format out or give nquads")
    node = Node(_settings(args))
    try:
        node.prepare(ProgressBar("seeding"))
        for path in args.files:
            started = time.perf_counter()
            quads, datasets = node.bulk_load(path)
            print(
                f"{path}: loaded in {time.perf_counter() - started:.1f} s; the store holds {quads} quads, "
                f"{datasets} datasets indexed from the file"
            )
    finally:
        node.close()
    return 0


def reindex(args: argparse.Namespace) -> int:
    node = Node(_settings(args))
    try:
        started = time.perf_counter()
        count = node.reindex(ProgressBar("indexing"))
        print(f"indexed {count} datasets in {time.perf_counter() - started:.1f} s")
    finally:
        node.close()
    return 0


def harvest(args: argparse.Namespace) -> int:
    check_url(args.url)  # a bad URL is bad usage (exit 2), found before the data directory is touched
    node = Node(_settings(args))
    try:
        report = node.harvest(args.url)
    except (HarvestError, ParseError) as e:
        print(f"error: {e.message}; the cache was not changed", file=sys.stderr)
        return 1
    finally:
        node.close()
    print(report.summary())
    for iri, why in report.rejected:
        print(f"  rejected {iri}: {why}")
    for warning in report.warnings:
        print(f"  warning: {warning}")
    return 0 if report.complete and not report.rejected else 1


def validate(args: argparse.Namespace) -> int:
    settings = Settings.from_env(None, trust_dir=args.trust)
    if args.self_description or looks_like_self_description(args.file):
        return validate_self_description(args.file, settings, args.participant)
    document = Document.from_file(args.file, RdfFormat.from_name(args.format) if args.format else None)
    validator = ShaclValidator.from_directories(settings.shapes_dir, settings.ontologies_dir)
    try:
        _graph, report = check_document(validator, document)
    except ParseError as e:
        print(f"error: {e.message}", file=sys.stderr)
        return 1
    print(f"{document.source}: {'conforms' if report.conforms else 'does not conform'}")
    print(report.describe())
    if not report.conforms:
        return 1
    if (None, RDF.type, DCAT.Dataset) in _graph:
        return _check_as_dataset(document, validator, settings, args.participant)
    return 0


def _check_as_dataset(document: Document, validator: ShaclValidator, settings: Settings, caller: str | None) -> int:
    """What ``publishDataset`` checks beyond the shapes: size, one dataset, and (with ``--as``) who may publish it."""
    publisher = Publisher(
        EmbeddedStore(), validator, archive=DocumentArchive(None), max_bytes=settings.max_document_bytes
    )
    try:
        publisher.check_size(document.data, document.source)
        content = publisher.check_dataset(document.data, document.format, document.source)
        if caller is not None:
            publisher.check_dataset_owner(content, None, caller, document.source)
    except PublishRejected as rejected:
        print(f"{document.source}: would be rejected by publishDataset")
        for problem in rejected.problems:
            print(f"  {problem.code}: {problem.message}")
        return 1
    print(f"{document.source}: publishDataset would accept it as {content.resource}")
    return 0


def export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not settings.store_dir.is_dir():
        raise ConfigError(
            f"{settings.data_dir} holds no store; start a node there (hdsgraph serve) or load files first"
        )
    node = Node(settings, read_only=True)
    try:
        if args.output:
            with args.output.open("wb") as out:
                node.store.export(out, args.graph)
        else:
            node.store.export(sys.stdout.buffer, args.graph)
            sys.stdout.flush()
    finally:
        node.close()
    return 0


def schema(args: argparse.Namespace) -> int:
    from hdsgraph.gql import schema_sdl

    sys.stdout.write(schema_sdl())
    return 0
