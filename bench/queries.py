"""Counts a request's SQL queries when the benchmark asks (request header X-Bench-Queries) and answers with the
count in the response header of the same name (and, in X-Bench-Cache-Queries, how many of them were the database
cache's, when the cache is the database: they are SQL too, but what Redis would do instead), with the time the queries took (X-Bench-SQL-ms) and the time the
request spent in Django from this middleware on (X-Bench-Server-ms): what is left of the time the benchmark measured
is gunicorn, loopback and the load generator. Requests without that header pass straight through."""

import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Queries"
SQL_HEADER = "X-Bench-SQL-ms"
SERVER_HEADER = "X-Bench-Server-ms"
CACHE_HEADER = "X-Bench-Cache-Queries"
CACHE_TABLE = "portal_cache"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if HEADER not in request.headers:
            return self.get_response(request)
        count, cache_count, sql_seconds, started = 0, 0, 0.0, time.perf_counter()

        def counted(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count, cache_count, sql_seconds
            count += 1
            cache_count += CACHE_TABLE in sql
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_seconds += time.perf_counter() - began

        with connections["default"].execute_wrapper(counted):
            response = self.get_response(request)
        response[HEADER] = str(count)
        response[CACHE_HEADER] = str(cache_count)
        response[SQL_HEADER] = f"{sql_seconds * 1000:.2f}"
        response[SERVER_HEADER] = f"{(time.perf_counter() - started) * 1000:.2f}"
        return response
