"""``python -m hgr_kg`` runs the ``hgr-kg`` command."""

import sys

from hgr_kg.cli import main

if __name__ == "__main__":
    sys.exit(main())
