"""Use cases: each front end (CLI, web) calls one function here per request.

One module per area: ``coach`` (assessment, profile, plans), ``plan_formats``
(Markdown and iCalendar renderings), and the journal, analysis and web modules
added by their own work.
"""

__all__: list[str] = []
