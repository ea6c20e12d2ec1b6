"""Which part of a request's time is what, for the rows whose target is out of reach (issue 25): the medians of the
time in Django's SQL queries, the rest of the time in Django (Python, templates, the cache, Podero when called), and
the time outside Django (gunicorn, loopback, the load generator), from the headers bench/queries.py adds."""

import statistics

from bench.web import Reply


def split(replies: list[Reply], *, podero_seconds: float = 0.0) -> str:
    """`podero_seconds`: a Podero round trip inside each request, named apart from the rest."""
    total = statistics.median(reply.seconds for reply in replies)
    server = statistics.median(reply.server_seconds for reply in replies)
    sql = statistics.median(reply.sql_seconds for reply in replies)
    rest = max(server - sql - podero_seconds, 0.0)
    parts = [f"SQL {_ms(sql)}", f"Python, templates and cache {_ms(rest)}"]
    if podero_seconds:
        parts.insert(0, f"Podero {_ms(podero_seconds)}")
    return (
        f"{_ms(total)} = in Django {_ms(server)} ({', '.join(parts)}) + outside Django {_ms(total - server)}"
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
