"""``python -m service.cli``: how ``warta up`` starts its children."""

from service.cli import main

main()
