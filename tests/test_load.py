"""The load test's report (bench/load.py).

The locustfile itself is not imported here: locust monkey-patches the standard library
with gevent on import. `make load` runs it.
"""

from bench import load

STATS = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,/children/[id]/,400,0,40,45,10,300,50000,3.3,0,40,45,50,55,70,90,120,150,300,300,300
POST,/children/[id]/observations/new/ (POST),50,2,60,62,30,900,40000,0.4,0,60,70,80,90,300,600,800,900,900,900,900
,Aggregated,450,2,42,48,10,900,49000,3.7,0,42,48,55,60,80,110,200,300,900,900,900
"""  # noqa: E501


def test_the_report_prints_each_request_and_the_totals_and_counts_errors(tmp_path, capsys):
    stats = tmp_path / "run_stats.csv"
    stats.write_text(STATS)
    (tmp_path / "run_failures.csv").write_text("Method,Name,Error,Occurrences\nPOST,x,500,2\n")
    assert load.report(stats, 120) == 2
    out = capsys.readouterr().out
    assert "GET /children/[id]/" in out
    assert "all requests" in out
    assert "median 42 ms, 95th percentile 110 ms (target under 500 ms: met)" in out
    assert "errors 2 (target none: MISSED)" in out
    assert "POST,x,500,2" in out
