"""Allow ``python -m buildtrack``."""

from buildtrack.cli import main

main()
