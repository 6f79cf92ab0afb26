"""``hdsgraph reason [--write]``: classify the ontology with HermiT, report, and (with ``--write``) commit the closure.

Without ``--write`` it is a check: exit 1 when the ontology is inconsistent or the committed closure is stale.
"""

from __future__ import annotations

import argparse
import sys
import time

from hdsgraph.core.config import Settings
from hdsgraph.ontology import OntologyInconsistentError, ShippedOntology, write_closure

__all__ = ["add_reason_parser", "reason"]


def add_reason_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "reason",
        help="classify the ontology with HermiT (needs Java), check its consistency and whether the committed "
        "closure is up to date; exit 1 when it is not",
    )
    parser.add_argument(
        "--write", action="store_true", help="rewrite the committed closure (ontologies/closure/) from this run"
    )
    parser.set_defaults(run=reason)


def reason(args: argparse.Namespace) -> int:
    settings = Settings.from_env(None)
    shipped = ShippedOntology(settings.ontologies_dir)
    files = (*shipped.ontology_files, *shipped.vocabulary_files)
    inputs = ", ".join(p.relative_to(shipped.directory).as_posix() for p in files)
    started = time.perf_counter()
    try:
        closure = shipped.classify()
    except OntologyInconsistentError as e:
        print(f"hdsgraph reason: {e.message}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{n} {what}" for what, n in closure.counts().items())
    print(f"{inputs}: consistent, no unsatisfiable classes; reasoner {closure.reasoner}")
    print(f"closure: {counts}")
    print(f"classification time: {elapsed:.2f} s")
    if args.write:
        write_closure(closure, shipped.closure_file)
        print(f"wrote {shipped.closure_file} (hash {closure.content_hash[:12]}…)")
        return 0
    committed = shipped.committed()
    problem = shipped.stale_message(committed)
    if problem is None and committed == closure:
        print(f"{shipped.closure_file} is up to date")
        return 0
    print(
        f"hdsgraph reason: {problem or f'{shipped.closure_file} differs from what HermiT derives now'}; "
        "run `hdsgraph reason --write` and commit the file",
        file=sys.stderr,
    )
    return 1
