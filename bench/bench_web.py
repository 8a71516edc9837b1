"""``python -m bench web``: load test of the web app on loopback (issue 7).

For each journal backend (SQLite file, then a fresh PostgreSQL database on
127.0.0.1:5432 when the server runs):

1. start the real app with ``pushback serve --workers N`` (N = 1, the default, then
   2, one per core of the 2-core target machine; each process runs a job worker too);
2. create the accounts beforehand: 50 users register, take the assessment (so each
   has a plan) and keep their session cookie;
3. from a *second process*, 50 simulated users each loop: one request, then 1 s of
   think time. Each request is drawn from the mix: the dashboard (``GET /``), the plan
   page (``GET /plan``), logging a set (``POST /api/v1/workout/sets``, a new
   idempotency key each time) and the ``/healthz`` baseline (no database), so the
   baseline sees the same load as the routes it is compared with;
4. after a warm-up, requests are timed for a fixed window; the run is bounded by
   ``WARMUP_S + MEASURE_S`` per backend.

Printed per route: requests, requests/s, p50, p95 and max latency (ms), errors, p50
and p95 as multiples of the same run's ``/healthz`` (``/hz``), and whether p95 meets
the 100 ms target (issue 7). Then the CPU time per request of the server (all its
processes) and of the load generator, and how busy the server was: a server near
100% of one core is saturated, and its latency is queueing, not service time.
Only 127.0.0.1 is used.
``PUSHBACK_BENCH_QUICK=1`` shortens the measuring window to 10 s.

Before and after: ``PUSHBACK_BENCH_BASELINE=REV`` (a git revision, e.g. ``HEAD~3`` or
``origin/main``) also serves the code of REV, from a temporary git worktree, with the
same Python environment, and measures it right before the working tree in each
setting; then prints each route's p95 after / before. Both are measured in the same
run because the host is noisy.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench._postgres import create_database, drop_database

REPO = Path(__file__).resolve().parents[1]
USERS = 50
THINK_S = 1.0
WARMUP_S = 5.0
MEASURE_S = 10.0 if os.environ.get("PUSHBACK_BENCH_QUICK") == "1" else 30.0
TARGET_P95_MS = 100.0
#: Server processes to measure, each in its own run (``PUSHBACK_BENCH_WORKERS``,
#: comma-separated): 1 is ``pushback serve``'s default, 2 is one per core here.
WORKERS = tuple(
    int(n) for n in os.environ.get("PUSHBACK_BENCH_WORKERS", "1,2").split(",")
)
PASSWORD = "correct horse battery"
#: Route label -> (method, path, weight) of the simulated users' mix.
MIX: dict[str, tuple[str, str, int]] = {
    "GET /": ("GET", "/", 3),
    "GET /plan": ("GET", "/plan", 3),
    "POST /api/v1/workout/sets": ("POST", "/api/v1/workout/sets", 3),
    "GET /healthz": ("GET", "/healthz", 1),
}
ASSESSMENT = {
    "max_pushups": 12,
    "variant": "push-up",
    "age": 34,
    "sex": "male",
    "weight_kg": 80,
    "equipment": ["table"],
    "days": 3,
    "parq": "nnnnnnn",
}


# ----------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(
    data_dir: Path, database_url: str, workers: int, source: Path | None
) -> tuple[subprocess.Popen[bytes], str]:
    """Serve the working tree, or the ``src`` folder ``source`` (a baseline)."""
    port = _free_port()
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(data_dir),
           "PUSHBACK_DATABASE_URL": database_url}  # fmt: skip
    if source is not None:
        env["PYTHONPATH"] = str(source)
    pushback = str(Path(sys.executable).with_name("pushback"))
    command = [pushback, "serve", "--port", str(port), "--workers", str(workers)]
    if database_url:  # PostgreSQL: the release step comes first
        subprocess.run([pushback, "db", "upgrade"], env=env, cwd=REPO, check=True,
                       capture_output=True)  # fmt: skip
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not answer /healthz within 60 s")


def _csrf(client: httpx.Client, path: str = "/login") -> str:
    """The session's CSRF token, as every page carries it for htmx."""
    page = client.get(path).text
    return page.split('"X-CSRF-Token": "')[1].split('"')[0]


def _make_user(url: str, index: int) -> dict[str, Any]:
    """Register and assess one user; returns their cookies and CSRF token."""
    with httpx.Client(base_url=url, timeout=60) as client:
        name = f"load{index:03d}"
        form = {"name": name, "password": PASSWORD, "password_confirm": PASSWORD,
                "csrf_token": _csrf(client)}  # fmt: skip
        response = client.post("/register", data=form)
        if response.status_code != 303:
            raise RuntimeError(f"register {name}: {response.status_code}")
        token = _csrf(client, "/onboarding")
        response = client.post(
            "/api/v1/assessment", json=ASSESSMENT, headers={"X-CSRF-Token": token}
        )
        if response.status_code != 201:
            raise RuntimeError(f"assess {name}: {response.status_code} {response.text}")
        slug = client.get("/api/v1/workout").json()["steps"]
        work = next(s["slug"] for s in slug if s["kind"] == "set")
        return {"cookies": dict(client.cookies), "csrf": token, "slug": work}


# ------------------------------------------------------- the load (2nd process)


@dataclass
class _Run:
    """The timing window and what the users measured in it."""

    measure_from: float
    stop_at: float
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sent: int = 0


async def _one_user(url: str, user: dict[str, Any], run: _Run) -> None:
    routes = list(MIX)
    weights = [MIX[r][2] for r in routes]
    rng = random.Random(user["csrf"])
    headers = {"X-CSRF-Token": user["csrf"]}
    async with httpx.AsyncClient(
        base_url=url, cookies=user["cookies"], timeout=30
    ) as client:
        await asyncio.sleep(rng.uniform(0, THINK_S))  # users do not start in step
        while time.perf_counter() < run.stop_at:
            route = rng.choices(routes, weights)[0]
            method, path, _ = MIX[route]
            body = None
            if method == "POST":
                body = {"client_key": uuid.uuid4().hex, "exercise": user["slug"],
                        "reps": rng.randint(5, 12), "rir": 2}  # fmt: skip
            started = time.perf_counter()
            try:
                response = await client.request(
                    method, path, json=body, headers=headers
                )
                ok = response.status_code < 400
            except httpx.HTTPError:
                ok = False
            elapsed_ms = (time.perf_counter() - started) * 1000
            run.sent += 1
            if started >= run.measure_from:
                run.samples[route].append(elapsed_ms)
                run.errors[route] += 0 if ok else 1
            await asyncio.sleep(THINK_S)


async def _load(url: str, users: list[dict[str, Any]]) -> dict[str, Any]:
    now = time.perf_counter()
    run = _Run(measure_from=now + WARMUP_S, stop_at=now + WARMUP_S + MEASURE_S)
    await asyncio.gather(*(_one_user(url, user, run) for user in users))
    return {"samples": dict(run.samples), "errors": dict(run.errors),
            "requests_sent": run.sent}  # fmt: skip


def _load_process(url: str, users: list[dict[str, Any]], out: Any) -> None:
    """Entry point of the load process: run the users, send the samples back
    with the CPU seconds the load itself took."""
    started = _own_cpu_s()
    result = asyncio.run(_load(url, users))
    result["load_cpu_s"] = _own_cpu_s() - started
    out.send(result)
    out.close()


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu_s(pid: int) -> float:
    """CPU seconds used so far by the server process and its worker processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(child) for child in children.read().split()]
        except OSError:  # exited meanwhile, or no /proc (then 0)
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


# -------------------------------------------------------------------- report


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _ratio(value: float, baseline: float) -> str:
    """``value`` as a multiple of the /healthz baseline of the same run."""
    return f"{value / baseline:.1f}x" if baseline > 0 else "-"


def _report(label: str, result: dict[str, Any]) -> None:
    print(f"\n{label}: {USERS} users, {THINK_S:g} s think time, "
          f"{MEASURE_S:g} s measured after {WARMUP_S:g} s warm-up")  # fmt: skip
    print(f"  {'route':<28} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'max ms':>7} {'errors':>6} {'p50/hz':>6} {'p95/hz':>6}  "
          f"p95<{TARGET_P95_MS:g}ms")  # fmt: skip
    base = result["samples"].get("GET /healthz", [])
    base50, base95 = statistics.median(base) if base else 0.0, _percentile(base, 0.95)
    total = 0
    for route in MIX:
        values = result["samples"].get(route, [])
        total += len(values)
        p95 = _percentile(values, 0.95)
        verdict = "yes" if p95 < TARGET_P95_MS else "NO"
        print(f"  {route:<28} {len(values):>8} {len(values) / MEASURE_S:>7.1f} "
              f"{statistics.median(values) if values else float('nan'):>7.1f} "
              f"{p95:>7.1f} {max(values, default=float('nan')):>7.1f} "
              f"{result['errors'].get(route, 0):>6} "
              f"{_ratio(statistics.median(values) if values else 0.0, base50):>6} "
              f"{_ratio(p95, base95):>6}  {verdict}")  # fmt: skip
    print(f"  {'all routes':<28} {total:>8} {total / MEASURE_S:>7.1f}")
    # Warm-up requests count too: the CPU was spent on them as well.
    sent, busy = result["requests_sent"], result["server_cpu_s"] / result["wall_s"]
    if sent:
        print(f"  CPU per request (all {sent} sent, warm-up included): server "
              f"{result['server_cpu_s'] / sent * 1000:.1f} ms, load generator "
              f"{result['load_cpu_s'] / sent * 1000:.1f} ms; server busy "
              f"{busy:.0%} of one core")  # fmt: skip


def _run(
    label: str, data_dir: Path, database_url: str, workers: int, source: Path | None
) -> dict[str, float]:
    """One load test; returns each route's p95 (ms)."""
    label = f"{label}, {workers} server process{'es' if workers > 1 else ''}"
    server, url = _start_server(data_dir, database_url, workers, source)
    try:
        started = time.perf_counter()
        users = [_make_user(url, i) for i in range(USERS)]
        print(f"{label}: {USERS} accounts registered and assessed in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        load = context.Process(target=_load_process, args=(url, users, sender))
        server_cpu_at_start, started = _server_cpu_s(server.pid), time.perf_counter()
        load.start()
        result = receiver.recv()
        result["server_cpu_s"] = _server_cpu_s(server.pid) - server_cpu_at_start
        result["wall_s"] = time.perf_counter() - started
        load.join(timeout=30)
        _report(label, result)
        return {
            route: _percentile(result["samples"].get(route, []), 0.95) for route in MIX
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _measure(
    folder: Path, backend: str, workers: int, versions: list[tuple[str, Path | None]]
) -> None:
    """Each version on a fresh database of ``backend``; then after / before."""
    p95s: dict[str, dict[str, float]] = {}
    for name, source in versions:
        tag = f"{backend}-{workers}-{name}".replace(" ", "-")
        data_dir = folder / tag
        data_dir.mkdir()
        label = f"{backend} ({name})" if len(versions) > 1 else backend
        if backend == "SQLite":
            p95s[name] = _run(label, data_dir, "", workers, source)
            continue
        database = create_database("pushback_bench_web")
        if database is None:
            print("\nPostgreSQL on 127.0.0.1:5432 is not running: skipped.")
            return
        db_name, url = database
        try:
            p95s[name] = _run(label, data_dir, url, workers, source)
        finally:
            drop_database(db_name)
    if len(p95s) == 2:
        before, after = p95s["before"], p95s["after"]
        print(f"  p95 after / before ({backend}, {workers} process(es)): " + ", ".join(
            f"{route} {after[route] / before[route]:.2f}x" for route in MIX
            if before[route] > 0))  # fmt: skip


def _baseline_source(folder: Path) -> Path | None:
    """The ``src`` of a worktree of ``PUSHBACK_BENCH_BASELINE`` (None: not set)."""
    revision = os.environ.get("PUSHBACK_BENCH_BASELINE")
    if not revision:
        return None
    tree = folder / "baseline"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), revision],
                   cwd=REPO, check=True)  # fmt: skip
    short = subprocess.run(["git", "rev-parse", "--short", revision], cwd=REPO,
                           capture_output=True, text=True, check=True)  # fmt: skip
    print(f"Baseline: {revision} ({short.stdout.strip()})")
    return tree / "src"


def main() -> None:
    """Run the load test on SQLite, then on PostgreSQL (if it is running), once per
    number of server processes in ``WORKERS``; each run starts from a fresh database.
    With a baseline revision, it runs before the working tree in each setting."""
    with tempfile.TemporaryDirectory(prefix="pushback-bench-web-") as name:
        folder = Path(name)
        baseline = _baseline_source(folder)
        versions: list[tuple[str, Path | None]] = [("after", None)]
        if baseline is not None:
            versions.insert(0, ("before", baseline))
        try:
            for workers in WORKERS:
                for backend in ("SQLite", "PostgreSQL"):
                    _measure(folder, backend, workers, versions)
        finally:
            if baseline is not None:
                remove = ["git", "worktree", "remove", "--force", str(baseline.parent)]
                subprocess.run(remove, cwd=REPO, check=False)


if __name__ == "__main__":
    main()
