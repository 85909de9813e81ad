"""Entry point for ``python -m tools.confkb``."""

import sys

from .cli import main

sys.exit(main())
