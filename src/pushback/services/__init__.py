"""Use cases: each front end (CLI, web) calls one function here per request or command.

Grouped by what they serve:

* :mod:`~pushback.services.training`: the journal (log, finish, adapt the plan,
  history, records, backups), the guided workout and the logbook's edits;
* :mod:`~pushback.services.coaching`: the assessment, plans, nutrition and the
  views the web app shows of them;
* :mod:`~pushback.services.filming`: analysing a filmed set, judging its form,
  uploads and the videos page;
* :mod:`~pushback.services.accounts` (web accounts, tokens, logins) and
  :mod:`~pushback.services.unit` (one unit of work per request or command).

Rendering (reports, charts, plan files) lives in :mod:`pushback.render`, the job
queue in :mod:`pushback.jobs`; neither imports this package.
"""

__all__: list[str] = []
