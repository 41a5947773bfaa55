"""``python -m avi_valvonta`` = ``valvonta``."""

from avi_valvonta.cli import main

main()
