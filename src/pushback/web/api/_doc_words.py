"""The English text of the API reference, marked for translation.

``GET /docs`` shows the OpenAPI schema: its summaries and descriptions are the
routes' docstrings and the models' field descriptions, which Babel does not
extract. Each is listed here (its lines joined, paragraphs kept) so the catalogs
have it; ``api/docs.py`` looks the schema's text up when the page is rendered, and
``tests/integration/test_api_docs_words.py`` fails when a route or a field gains
text missing here.
"""

from __future__ import annotations

from pushback.i18n import N_

__all__ = ["DOC_WORDS"]

DOC_WORDS: tuple[str, ...] = (
    N_("1 none - 5 very sore"),
    N_("1 very poor - 5 very good"),
    N_("A catalog slug (404 for an unknown one)."),
    N_("A doctor or exercise professional cleared you after a PAR-Q+ yes."),
    N_("A job's id (1 to 2147483647)."),
    N_("A logged session's id (1 to 2147483647)."),
    N_("A logged set to attach the analysis to."),
    N_("A presigned URL to PUT one video to (then call ``complete``)."),
    N_(
        "A random id made when the set was entered (1-64 printable characters); "
        "resending it returns the stored set."
    ),
    N_("Activity level for the energy estimate (needs height_cm)."),
    N_("An IANA time zone name."),
    N_("Assess and save (a new plan starts): ladder step, norms, PAR-Q+, advice."),
    N_("Cancel a queued or running job (409 once it has finished)."),
    N_("Catalog slug (default push-up)."),
    N_("Change units or time zone."),
    N_(
        "Check the uploaded video and queue its analysis; poll ``GET "
        "/jobs/{id}``.\n\n422 when the file is too large, empty or not a video (it "
        "is deleted), or names an unknown exercise or set; 404 when nothing was "
        "uploaded under this id."
    ),
    N_("Close the session; the plan adapts and says why (409 if already closed)."),
    N_(
        "Close the workout once (a resent finish changes nothing); the plan "
        "adapts.\n\n409 when no workout is open."
    ),
    N_("Conditions the plan must work around."),
    N_(
        "Conflict with the current state (already finished, nothing open, a key "
        "used by another account)."
    ),
    N_("Consecutive clean reps of `variant` in one set."),
    N_("Default: work."),
    N_("Down-bottom-up-top seconds, X = explosive."),
    N_("Equipment you have (repeatable)."),
    N_("First day, an ISO date (default: your plan's)."),
    N_("Food slugs to leave out."),
    N_("How long you have trained regularly (default: from the test)."),
    N_("How many, 1-10000."),
    N_("How many, 1-200."),
    N_("Instead of weight_kg."),
    N_(
        "Invalid input: the field is named in `error.field`, the message says what "
        "would be accepted."
    ),
    N_("Keep the upload after the analysis."),
    N_("Ladder step."),
    N_("Liveness: the process answers (no database round trip)."),
    N_(
        "Log one set into an open session; stored when this answers (409 once the "
        "session is finished)."
    ),
    N_(
        "Log whole sessions (checked before anything is stored); the plan "
        "adapts.\n\n404 for an exercise that is not in the catalog."
    ),
    N_("Meals a day (default 4)."),
    N_("Not found: no such resource for this account, or an unknown exercise slug."),
    N_(
        "Not logged in: no session cookie, and no valid `Authorization: Bearer "
        "pbk_...` token (`invalid_token` for an unknown or revoked one)."
    ),
    N_("One exercise with its citations, as ``pushback exercises show SLUG --json``."),
    N_("One of your jobs: status, progress and, when done, the analysis."),
    N_("One of your sessions with its sets (404 for anyone else's)."),
    N_("Only with `pain: true`."),
    N_("Open today's session (or resume the one left open today)."),
    N_(
        "Protein and vitamin D targets and a day of foods reaching the protein "
        "target.\n\n422 (``weight_kg``) when no weight is given and your "
        "assessment has none."
    ),
    N_("RIR-based RPE."),
    N_("Record today's body weight (kg)."),
    N_(
        "Refused: `csrf_failed` when a request with the session cookie lacks the "
        "`X-CSRF-Token` header (token requests need none); `not_allowed` while a "
        "PAR-Q+ answer needs medical clearance first."
    ),
    N_("Reps in reserve."),
    N_(
        "Series: weekly hard sets per muscle group, best clean reps per variant, "
        "ladder step, RIR trend, body weight; and the week streak."
    ),
    N_(
        "Store one set under its ``client_key``; a resent key returns the stored "
        "set.\n\n404 for an exercise not in the catalog; 409 for a key another "
        "account used."
    ),
    N_("Successful Response"),
    N_("The backup (every set as CSV with `format=csv`)."),
    N_(
        "The catalog, filtered as ``pushback exercises`` filters it (an unknown "
        "ladder step is a 422)."
    ),
    N_("The journal database could not be read or written; nothing was half-saved."),
    N_("The key was stored before: the stored set, nothing new."),
    N_("The ladder variant you tested (a catalog slug)."),
    N_("The newest assessment (404 before the first one)."),
    N_("The plan (as iCalendar with `format=ics`)."),
    N_(
        "The request body could not be read (not UTF-8 text, or not the declared "
        "content type)."
    ),
    N_("The video file (mp4, mov, webm...)."),
    N_("Today's session (or the next), after the plan adapts to the calendar."),
    N_("Today's session as guided steps: warm-up, one step per set, cool-down."),
    N_("Training days a week."),
    N_(
        "Upload a video (multipart ``video``; optional ``exercise``, "
        "``keep_video``, ``set_id``) and queue its analysis; poll ``GET "
        "/jobs/{id}``.\n\n422 when the file is too large, empty or not a video, or "
        "names an unknown exercise or set."
    ),
    N_("Weeks back."),
    N_("Weeks to plan."),
    N_("What the plan aims at (default: strength)."),
    N_("What you have (`none`: floor and a wall only)."),
    N_(
        "When the set was entered: an ISO date and time with its zone, within the "
        "last 2 days (a set queued offline longer is refused). Default: now."
    ),
    N_("With age and sex, adds an energy estimate."),
    N_("Your account settings and newest profile."),
    N_("Your background jobs (video analyses), newest first."),
    N_("Your full backup (``pushback export``), or every set as Strong-style CSV."),
    N_("Your latest sessions with their sets, and the plan's latest changes."),
    N_("Your latest sets, newest session first."),
    N_(
        "Your plan, as ``pushback plan --json`` (or ``--format ics``) prints "
        "it.\n\n403 ``not_allowed`` while a PAR-Q+ answer needs clearance first; "
        "404 before the first assessment."
    ),
)
