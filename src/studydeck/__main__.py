import sys

from studydeck.cli import main

sys.exit(main())
