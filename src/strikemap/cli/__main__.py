"""Allow ``python -m strikemap.cli``."""

from strikemap.cli import main

main()
