"""``python -m openimr`` runs the command line."""

from openimr.cli import main

main()
