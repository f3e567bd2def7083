"""``python -m r1widgets demo``: the same command as ``r1widgets demo``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
