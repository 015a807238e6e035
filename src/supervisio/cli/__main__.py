"""``python -m supervisio.cli``."""

import sys

from supervisio.cli import main

sys.exit(main())
