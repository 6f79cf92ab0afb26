"""``hdsgraph serve | load | validate | export | reindex | schema``: the node from the command line.

Exit codes: 0 success, 1 invalid data (SHACL violations, a file that did not load), 2 bad usage or settings.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from hdsgraph import __version__
from hdsgraph.cli import commands
from hdsgraph.core.errors import HdsgraphError, ValidationFailedError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hdsgraph",
        description="Metadata and knowledge-graph node of a federated health data space.",
    )
    parser.add_argument("--version", action="version", version=f"hdsgraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve GraphQL over HTTP; seeds a new data directory first")
    serve.add_argument("--host", help="listen address (HDSGRAPH_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (HDSGRAPH_PORT, default 8000)")
    _data_option(serve)
    serve.set_defaults(run=commands.serve)

    load = sub.add_parser("load", help="validate RDF files and store each in its own graph, all or nothing per file")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.add_argument("--format", help="RDF format of every file (default: from the extension)")
    load.add_argument(
        "--bulk",
        action="store_true",
        help="N-Quads files (as `export` writes them) loaded fast without SHACL checks: for restoring an export or "
        "a catalogue prepared and checked elsewhere; indexed for search in the same run",
    )
    _data_option(load)
    load.set_defaults(run=commands.load)

    validate = sub.add_parser("validate", help="check an RDF file against the shapes; exit 1 on violations")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.add_argument("--format", help="RDF format (default: from the extension)")
    validate.set_defaults(run=commands.validate)

    export = sub.add_parser("export", help="write the whole store as N-Quads")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    export.add_argument("--graph", help="export only this named graph")
    _data_option(export)
    export.set_defaults(run=commands.export)

    reindex = sub.add_parser("reindex", help="rebuild the search index from the store")
    _data_option(reindex)
    reindex.set_defaults(run=commands.reindex)

    schema = sub.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema.set_defaults(run=commands.schema)
    return parser


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, metavar="DIR", help="data directory (HDSGRAPH_DATA_DIR, default ./data)")


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ValidationFailedError as e:
        # A seed or a document that must load did not conform: show why, not only that.
        print(f"hdsgraph {args.command}: {e.message}\n{e.report.describe()}", file=sys.stderr)
        return 1
    except HdsgraphError as e:
        print(f"hdsgraph {args.command}: {e.message}", file=sys.stderr)
        return 2
    except OSError as e:
        # A file that cannot be written or read: say which, without a traceback.
        print(f"hdsgraph {args.command}: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
