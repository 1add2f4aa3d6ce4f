"""Bouwstenen: `python build.py --help` shows what it can do."""

import sys

from bouwstenen.cli import main

if __name__ == "__main__":
    sys.exit(main())
