"""The API keeps the promises of its OpenAPI schema (schemathesis, bounded).

A real ``pushback serve`` on SQLite and on PostgreSQL is probed from its own
``/openapi.json``, once anonymous and once with a personal token, by schemathesis's
engine (the runner of its CLI): explicit examples, the coverage phase (boundary
and just-invalid values of every parameter, undeclared methods), fuzzing and
stateful links, with every default check. The run is bounded and repeatable: a
fixed seed, deterministic generation, ``EXAMPLES_PER_OPERATION`` fuzzed examples
per operation and per mode.

Every answer must have a documented status (never a 5xx), the documented content
type, headers and body schema; schema-invalid requests must be refused (4xx); a
405 must list the path's methods. Schema-valid requests may still get a 422: the
schema carries the shape and the limits, the core checks the meaning (a set's
time within the last two days, pain location only with pain, a catalog slug, a
weight the assessment lacks), naming the field.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES
from schemathesis.engine import Status, events, from_schema

from tests.integration._server import new_account, running_server
from tests.integration._web_client import (
    csrf_token,
    make_client,
    register,
    web_settings,
)

#: Checks every run must have made (schemathesis runs all its default checks).
REQUIRED_CHECKS = {
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
}
#: Fixed, so a failure found once is found again.
SEED = 20261205
EXAMPLES_PER_OPERATION = 5


def _personal_token(url: str, cookies: dict[str, str], csrf: str) -> str:
    """A new ``pbk_`` token made on the Settings page (shown once)."""
    with httpx.Client(base_url=url, cookies=cookies, timeout=30) as client:
        form = {"label": "schemathesis", "csrf_token": csrf}
        made = client.post("/settings/tokens", data=form)
    assert made.status_code == 201, made.text
    return made.text.split('id="new-token">')[1].split("<")[0]


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[tuple[str, str]]:
    """A served journal with an assessed account; yields its URL and a token."""
    with running_server(tmp_path, database_url=database_url) as (url, _):
        account = new_account(url, "alice")
        yield url, _personal_token(url, account.cookies, account.csrf)


def _config(headers: dict[str, str], *, coverage: bool) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "phases": {"coverage": {"enabled": coverage}},
            "seed": SEED,
            "cache": {"enabled": False},
            "generation": {
                "max-examples": EXAMPLES_PER_OPERATION,
                "deterministic": True,
                "database": "none",
            },
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": [
                        *POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
                        "422",
                    ]
                }
            },
            "headers": headers,
        }
    )


def _checks_made(event: events.ScenarioFinished) -> set[str]:
    return {check.name for checks in event.recorder.checks.values() for check in checks}


def _check_failures(event: events.ScenarioFinished) -> Iterator[str]:
    for checks in event.recorder.checks.values():
        for check in checks:
            if check.status == Status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                yield (
                    f"{event.label} [{check.name}] {failure.title}\n"
                    f"{failure.message}\n{check.failure_info.code_sample}"
                )


def _run(
    url: str, headers: dict[str, str], *, coverage: bool
) -> tuple[list[str], dict[str, int], set[str]]:
    """Every failure schemathesis finds, the requests made per phase, the checks
    made."""
    config = _config(headers, coverage=coverage)
    schema = schemathesis.openapi.from_url(url + "/openapi.json", config=config)
    failures: list[str] = []
    requests: dict[str, int] = {}
    checks: set[str] = set()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            phase = event.phase.name
            requests[phase] = requests.get(phase, 0) + len(event.recorder.cases)
            failures.extend(_check_failures(event))
            checks |= _checks_made(event)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"{type(event).__name__}: {event.info.format()}")
    return failures, requests, checks


def test_every_answer_keeps_the_promises_of_the_schema(server: tuple[str, str]) -> None:
    url, token = server
    found: list[str] = []
    for who, headers, coverage in (
        ("anonymous", {}, False),
        ("token", {"Authorization": f"Bearer {token}"}, True),
    ):
        started = time.monotonic()
        failures, requests, checks = _run(url, headers, coverage=coverage)
        print(f"{who}: {requests} in {time.monotonic() - started:.1f} s")
        assert requests.get("FUZZING", 0) > 0 and REQUIRED_CHECKS <= checks
        found += [f"({who}) {failure}" for failure in failures]
    assert not found, f"{len(found)} failures:\n\n" + "\n\n".join(found[:30])


#: Every operation with a JSON body, in an order where each example applies
#: (``{session_id}`` is the session the start example opens).
EXAMPLE_ORDER = [
    ("patch", "/api/v1/profile"),
    ("post", "/api/v1/assessment"),
    ("post", "/api/v1/sessions"),
    ("post", "/api/v1/body-weight"),
    ("post", "/api/v1/sessions/start"),
    ("post", "/api/v1/sessions/{session_id}/sets"),
    ("post", "/api/v1/sessions/{session_id}/finish"),
    ("post", "/api/v1/workout/sets"),
    ("post", "/api/v1/workout/finish"),
]
#: Direct uploads need a bucket (tests/integration/test_scale_out.py runs them on
#: one); on this app's local store their examples pass validation and get 409
#: (upload through POST /videos) or 404 (nothing uploaded under that id).
BUCKET_ONLY = [
    ("post", "/api/v1/uploads"),
    ("post", "/api/v1/uploads/{upload_id}/complete"),
]


def _json_bodies(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The JSON body schema of each operation that takes one."""
    components = schema["components"]["schemas"]
    bodies = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = content["application/json"]["schema"]
                first = body.get("anyOf", [body])[0]  # one session, or a list
                bodies[(method, path)] = components[first["$ref"].split("/")[-1]]
    return bodies


def test_every_documented_body_example_is_accepted(
    tmp_path: Path, database_url: str
) -> None:
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "alice")
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    bodies = _json_bodies(client.get("/openapi.json").json())
    assert sorted(bodies) == sorted(EXAMPLE_ORDER + BUCKET_ONLY)
    for method, path in BUCKET_ONLY:
        (example,) = bodies[(method, path)]["examples"]
        url = path.format(upload_id="0" * 32)
        answer = client.request(method, url, json=example, headers=headers)
        assert answer.status_code in (404, 409), (path, example, answer.text)
    session_id = None
    for method, path in EXAMPLE_ORDER:
        (example,) = bodies[(method, path)]["examples"]
        url = path.format(session_id=session_id)
        answer = client.request(method, url, json=example, headers=headers)
        assert answer.status_code in (200, 201), (path, example, answer.text)
        if path.endswith("/start"):
            session_id = answer.json()["id"]
