"""The ``hdsgraph`` command line: serve, load, validate, export, harvest, reindex, schema, reason, keygen, sign, token.

Exit codes: 0 success, 1 invalid data (SHACL violations, a file that did not load, a harvest that rejected datasets or
did not reach the catalogue's last page), 2 bad usage or settings.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from hdsgraph import __version__
from hdsgraph.cli import commands, participant_commands
from hdsgraph.cli.reason_command import add_reason_parser
from hdsgraph.core.errors import HdsgraphError, ValidationFailedError
from hdsgraph.ingest import PublishRejected

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
    serve.add_argument(
        "--peers",
        type=Path,
        metavar="FILE",
        help="TOML file of the peer nodes federated search asks (HDSGRAPH_PEERS); see the README's Federation",
    )
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

    validate = sub.add_parser(
        "validate",
        help="check a document as the node would before publishing it, offline; exit 1 when it would be refused",
    )
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.add_argument("--format", help="RDF format (default: from the extension)")
    validate.add_argument(
        "--self-description",
        action="store_true",
        help="the file is a Gaia-X presentation or credential (JSON-LD or JWT); recognised by itself when it is",
    )
    validate.add_argument("--trust", type=Path, metavar="DIR", help="trust registry (HDSGRAPH_TRUST_DIR)")
    validate.add_argument("--as", dest="participant", metavar="IRI", help="also check that IRI may publish it")
    validate.set_defaults(run=commands.validate)

    keygen = sub.add_parser("keygen", help="make a key pair for signing credentials (or, with --node, the node's)")
    keygen.add_argument("--alg", choices=["EdDSA", "ES256", "PS256"], default="EdDSA", help="default EdDSA")
    keygen.add_argument("--out", type=Path, metavar="FILE", help="where to write the private key (JWK)")
    keygen.add_argument("--node", action="store_true", help="the node's own key, in the data directory")
    keygen.add_argument("--force", action="store_true", help="overwrite an existing key")
    _data_option(keygen)
    keygen.set_defaults(run=participant_commands.keygen)

    sign = sub.add_parser(
        "sign", help="make and sign a Gaia-X credential (one input) or presentation (several) with one's own key"
    )
    sign.add_argument("inputs", nargs="+", type=Path, metavar="JSON", help="credentials or credential subjects")
    sign.add_argument("--key", type=Path, required=True, metavar="FILE", help="private key (JWK) from keygen")
    sign.add_argument("--issuer", help="issuer DID (default: the key's did:key)")
    sign.add_argument("--verification-method", help="verification method IRI (default: the key's kid)")
    sign.add_argument("--tagus", action="store_true", help="Tagus 22.10: VC 1.1 with a JsonWebSignature2020 proof")
    sign.add_argument("--gaiax-variant", action="store_true", help="with --tagus: sign as the Gaia-X signer does")
    sign.add_argument("--presentation", action="store_true", help="a presentation even of one credential")
    sign.add_argument("--holder", help="the presentation's holder (default: the issuer)")
    sign.add_argument("--valid-days", type=int, default=365, help="validity from now, in days (default 365)")
    sign.add_argument("--out", "-o", type=Path, help="file to write (default: standard output)")
    sign.set_defaults(run=participant_commands.sign)

    token = sub.add_parser("token", help="print a development bearer token for a participant (last line)")
    token.add_argument("--participant", required=True, metavar="IRI", help="the participant the token speaks for")
    _data_option(token)
    token.set_defaults(run=participant_commands.token)

    export = sub.add_parser("export", help="write the whole store as N-Quads")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    export.add_argument("--graph", help="export only this named graph")
    _data_option(export)
    export.set_defaults(run=commands.export)

    harvest = sub.add_parser(
        "harvest",
        help="read a DCAT-AP catalogue (a peer's /catalog) page by page into the node's harvest cache; exit 1 when "
        "datasets were rejected or the crawl was incomplete",
    )
    harvest.add_argument("url", metavar="URL", help="the catalogue's http(s) URL; its pages are followed on its origin")
    _data_option(harvest)
    harvest.set_defaults(run=commands.harvest)

    reindex = sub.add_parser("reindex", help="rebuild the search index from the store")
    _data_option(reindex)
    reindex.set_defaults(run=commands.reindex)

    schema = sub.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema.set_defaults(run=commands.schema)

    add_reason_parser(sub)
    return parser


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, metavar="DIR", help="data directory (HDSGRAPH_DATA_DIR, default ./data)")


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # httpx says every request it sends at INFO: a line per peer per federated search. A failed peer is reported
    # in the answer and by the federation client's own log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ValidationFailedError as e:
        # A seed or a document that must load did not conform: show why, not only that.
        print(f"hdsgraph {args.command}: {e.message}\n{e.report.describe()}", file=sys.stderr)
        return 1
    except PublishRejected as e:
        # A seed that must load was refused: every problem, each with where it is.
        print(f"hdsgraph {args.command}: {e.message}", file=sys.stderr)
        for problem in e.problems:
            where = " | ".join(x for x in (problem.focus_node, problem.path, problem.value) if x)
            print(f"  {problem.code}: {problem.message}" + (f"\n    at {where}" if where else ""), file=sys.stderr)
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
