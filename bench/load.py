"""The load test (`make load`): 100 simulated staff against gunicorn on PostgreSQL.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.load [--users 100] [--seconds 120]

It runs on a throwaway copy of the benchmark dataset (bench/generate.py; `make load`
generates it first if needed), so the observations the simulated staff record never
reach the dataset `make bench` times: the copy is made with PostgreSQL's CREATE DATABASE
... TEMPLATE and dropped afterwards. Everything listens on loopback only.

Prints throughput, the median and 95th percentile per kind of request and overall, and
the errors; exits 1 if any request failed.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "load"
PORT = 8765
P95_TARGET_MS = 500
PASSWORD = "load-test-password"  # noqa: S105 - throwaway accounts on a throwaway database
SIGN_IN_SECONDS = 60  # the locustfile starts counting again once the last user is in
MANAGERS = 10  # team leaders among the simulated staff; the rest are social workers


def _server(db: dict) -> psycopg2.extensions.connection:
    params = {k: db[v] for k, v in (("host", "HOST"), ("user", "USER"), ("password", "PASSWORD"))}
    connection = psycopg2.connect(
        dbname="postgres", port=db["PORT"] or 5432, **{k: v for k, v in params.items() if v}
    )
    connection.autocommit = True
    return connection


def _drop(cursor, name: str) -> None:
    cursor.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
    )
    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def copy_dataset(db: dict, copy: str) -> None:
    """Make `copy` a copy of the benchmark database (a file-level copy: seconds)."""
    from django.db import connections

    connections.close_all()
    server = _server(db)
    with server.cursor() as cursor:
        _drop(cursor, copy)
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [db["NAME"]],
        )
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{db["NAME"]}"')
    server.close()


def drop_copy(db: dict, copy: str) -> None:
    server = _server(db)
    with server.cursor() as cursor:
        _drop(cursor, copy)
    server.close()


def prepare_accounts(db: dict, copy: str, users: int) -> Path:
    """Give the simulated staff passwords on the copy; write their accounts and children."""
    from django.contrib.auth.hashers import make_password

    params = {k: db[v] for k, v in (("host", "HOST"), ("user", "USER"), ("password", "PASSWORD"))}
    connection = psycopg2.connect(
        dbname=copy, port=db["PORT"] or 5432, **{k: v for k, v in params.items() if v}
    )
    # Social workers with the most open cases, and team leaders with their team's children.
    workers_sql = """
        SELECT u.id, u.username, FALSE, array_agg(c.id ORDER BY c.id)
        FROM staff_user u JOIN caserecords_child c ON c.worker_id = u.id AND c.closed_on IS NULL
        WHERE u.role = 'social_worker' AND u.is_active
        GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT %s
    """
    leaders_sql = """
        SELECT u.id, u.username, TRUE, (array_agg(c.id ORDER BY c.id))[1:50]
        FROM staff_user u JOIN caserecords_child c ON c.team_id = u.team_id AND c.closed_on IS NULL
        WHERE u.role = 'team_leader' AND u.is_active
        GROUP BY u.id ORDER BY u.id LIMIT %s
    """
    leaders = min(MANAGERS, users // 2)
    with connection, connection.cursor() as cursor:
        cursor.execute(workers_sql, [users - leaders])
        rows = cursor.fetchall()
        cursor.execute(leaders_sql, [leaders])
        rows += cursor.fetchall()
        hashed = make_password(PASSWORD)
        cursor.execute(
            "UPDATE staff_user SET password = %s WHERE id = ANY(%s)", [hashed, [r[0] for r in rows]]
        )
    connection.close()
    accounts = [
        {"username": name, "password": PASSWORD, "manager": manager, "children": children}
        for _id, name, manager, children in rows
    ]
    path = OUT / "accounts.json"
    path.write_text(json.dumps(accounts))
    return path


def start_gunicorn(copy_url: str, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": copy_url,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={workers}",
            "--worker-class=gthread",
            "--threads=4",
            # Longer than any think time: a connection the client reuses is not closed
            # under it (with gunicorn's 2 s default that shows as connection resets).
            "--keep-alive=75",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/sign-in/", timeout=5):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited before it answered.") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s.")


def run_locust(accounts: Path, users: int, seconds: int, think: str = "3,10") -> Path:
    prefix = OUT / "run"
    log = (OUT / "locust.log").open("w")
    subprocess.run(  # noqa: S603 - our own fixed command line
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            f"--users={users}",
            "--spawn-rate=10",
            # The run's time plus a minute for everyone to sign in first.
            f"--run-time={seconds + SIGN_IN_SECONDS}s",
            f"--host=http://127.0.0.1:{PORT}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
            "--exit-code-on-error=0",
        ],
        cwd=ROOT,
        env={**os.environ, "LOAD_ACCOUNTS": str(accounts), "LOAD_THINK_SECONDS": think},
        check=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Path(f"{prefix}_stats.csv")


def report(stats: Path, seconds: int) -> int:
    """Print the figures; return the number of failed requests."""
    with stats.open() as handle:
        rows = list(csv.DictReader(handle))
    print("\nFigures once every simulated user is signed in (locust.log has locust's own).")
    print(f"{'request':<48} {'count':>7} {'errors':>6} {'median':>7} {'p95':>7} {'req/s':>7}")
    failures = 0
    for row in rows:
        if row["Type"] and row["Request Count"] == "0":
            continue  # e.g. sign-in: everyone was in before counting began
        name = row["Name"] if row["Type"] else "all requests"
        if not row["Type"]:
            print("-" * 89)
            failures = int(row["Failure Count"])
        print(
            f"{(row['Type'] + ' ' + name).strip():<48} {row['Request Count']:>7} "
            f"{row['Failure Count']:>6} {row['50%']:>5}ms {row['95%']:>5}ms "
            f"{float(row['Requests/s']):>7.1f}"
        )
    total = rows[-1]
    p95, rate = float(total["95%"]), float(total["Requests/s"])
    window = int(total["Request Count"]) / rate if rate else seconds
    print(
        f"\nThroughput {rate:.1f} requests/s over {window:.0f} s; "
        f"median {total['50%']} ms, 95th percentile {total['95%']} ms "
        f"(target under {P95_TARGET_MS} ms: {'met' if p95 < P95_TARGET_MS else 'MISSED'}); "
        f"errors {failures} (target none: {'met' if failures == 0 else 'MISSED'})."
    )
    failures_csv = stats.with_name("run_failures.csv")
    if failures and failures_csv.exists():
        print("\nErrors:\n" + failures_csv.read_text())
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--think",
        default="3,10",
        help="seconds each simulated member of staff waits between requests, as MIN,MAX",
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings

    from bench import generate

    if generate.dataset() is None:
        raise SystemExit("No benchmark dataset: run `python -m bench.generate` (make load does).")
    db = dict(settings.DATABASES["default"])
    copy = f"{db['NAME']}_load"
    host = db["HOST"] or "127.0.0.1"
    copy_url = f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{copy}"
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"Copying {db['NAME']} to {copy} for the load test...")
    copy_dataset(db, copy)
    server = None
    try:
        accounts = prepare_accounts(db, copy, args.users)
        server = start_gunicorn(copy_url, args.workers)
        print(
            f"{args.users} simulated staff for {args.seconds} s against gunicorn "
            f"({args.workers} workers x 4 threads) on 127.0.0.1:{PORT}, each waiting "
            f"{args.think.replace(',', ' to ')} s between requests..."
        )
        stats = run_locust(accounts, args.users, args.seconds, args.think)
        failures = report(stats, args.seconds)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        drop_copy(db, copy)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
