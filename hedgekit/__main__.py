"""``python -m hedgekit ...``: the same as the ``hedgekit`` command."""

import sys

from hedgekit.cli import main

if __name__ == "__main__":
    sys.exit(main())
