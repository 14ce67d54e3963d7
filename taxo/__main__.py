"""``python -m taxo`` is the ``taxo`` command."""

from taxo.cli import main

main()
