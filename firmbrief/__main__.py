"""``python -m firmbrief``: the same as the ``firmbrief`` command."""

import sys

from firmbrief.commands.app import main

sys.exit(main())
