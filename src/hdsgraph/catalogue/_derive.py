"""``python -m hdsgraph.catalogue._derive FILE.nq OUT``: derive index entries from an N-Quads file, in its own process.

A plain child process (not multiprocessing) so that it never re-imports the caller's main module.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from hdsgraph.catalogue.indexing import entries_from_nquads


def main(source: str, out: str) -> None:
    result = entries_from_nquads(Path(source))
    with Path(out).open("wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
