"""Training use cases: the journal, the guided workout, the logbook and backups."""

__all__: list[str] = []
