"""The ``pushback`` command line: thin Typer commands over ``pushback.services``."""
