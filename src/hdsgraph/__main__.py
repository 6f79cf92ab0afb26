"""``python -m hdsgraph`` runs the command line."""

import sys

from hdsgraph.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
