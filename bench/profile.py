"""Profile one page or API answer on the benchmark dataset: its queries, slowest first.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.profile URL [--as ROLE] [--explain]

ROLE is one of the people bench.run times pages for (worker, leader, head, director, ...).
Each query is timed on its own and the slowest are printed with their SQL; `--explain`
adds PostgreSQL's EXPLAIN ANALYZE of the slowest. Profile before optimising.
"""

import argparse
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--as", dest="who", default="director", help="whom to sign in as")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--top", type=int, default=5, help="slowest queries to print")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--python", action="store_true", help="cProfile one request too")
    args = parser.parse_args(argv)

    import django

    django.setup()
    import time_machine
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench import generate, run

    found = generate.dataset()
    if found is None:
        raise SystemExit("No benchmark dataset: run `python -m bench.generate` first.")
    with time_machine.travel(found["reference"], tick=True):
        run._warm_up()
        people = run._people(timezone.now())
        client = Client()
        client.force_login(people[args.who])
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(args.url)
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"{args.url} as {people[args.who]}: {response.status_code}, "
            f"median {statistics.median(timings):.1f} ms over {args.requests}"
        )
        if args.python:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(client.get, args.url)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        with CaptureQueriesContext(connection) as captured:
            client.get(args.url)
        timed = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                started = time.perf_counter()
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
                timed.append(((time.perf_counter() - started) * 1000, sql))
        timed.sort(reverse=True)
        print(f"{len(timed)} queries, {sum(t for t, _ in timed):.1f} ms in the database")
        for ms, sql in timed[: args.top]:
            print(f"\n-- {ms:.1f} ms\n{sql[:2000]}")
            if args.explain and sql.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    sys.exit(main())
