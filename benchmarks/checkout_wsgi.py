"""The WSGI application `benchmarks/checkout.py` serves: Freeport's, with a probe around it.

    gunicorn --chdir benchmarks checkout_wsgi:application ...

For every request the probe measures, in the worker, the time spent in Django, the CPU time
of the worker thread that served it (`time.thread_time`: the request's own Python work, not
time waiting for the GIL, the database or the processor) and, on the request's database
connection, the number of queries, the time spent executing them, the part
of it spent in `SELECT ... FOR UPDATE` (row locks: that includes waiting for them) and in
COMMIT. It answers them in one response header, read by the load generator:

    X-Bench-Probe: app=12.41;cpu=7.90;q=23;db=6.02;lock=0.88;commit=1.10

Times in milliseconds. Nothing in Freeport changes: the probe wraps the application from
outside (`connection.execute_wrapper`, and a timer around the PostgreSQL backend's `_commit`).
BENCH_PROBE=0 serves the bare application (to measure the probe's own cost).
"""

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freeport.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

django_application = get_wsgi_application()
HEADER = "X-Bench-Probe"
_local = threading.local()


def _commit_timer():
    """Time COMMITs (Django's `connection.commit()` does not go through execute wrappers)."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    original = DatabaseWrapper._commit

    def _commit(self):
        stats = getattr(_local, "stats", None)
        started = time.perf_counter()
        try:
            return original(self)
        finally:
            if stats is not None:
                stats["commit"] += time.perf_counter() - started

    DatabaseWrapper._commit = _commit


def _execute(execute, sql, params, many, context):
    stats = _local.stats
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = time.perf_counter() - started
        stats["q"] += 1
        stats["db"] += elapsed
        if "FOR UPDATE" in sql:
            stats["lock"] += elapsed


def probed(app):
    from django.db import connection

    _commit_timer()

    def application(environ, start_response):
        stats = _local.stats = {"q": 0, "db": 0.0, "lock": 0.0, "commit": 0.0}
        started, cpu = time.perf_counter(), time.thread_time()

        def respond(status, headers, exc_info=None):
            # Django calls this once the response is built (views, transactions, on_commit
            # callbacks all done), so the figures cover the whole request.
            app_ms = (time.perf_counter() - started) * 1000
            cpu_ms = (time.thread_time() - cpu) * 1000
            value = (
                f"app={app_ms:.2f};cpu={cpu_ms:.2f};q={stats['q']};db={stats['db'] * 1000:.2f};"
                f"lock={stats['lock'] * 1000:.2f};commit={stats['commit'] * 1000:.2f}"
            )
            return start_response(status, [*headers, (HEADER, value)], exc_info)

        try:
            with connection.execute_wrapper(_execute):
                return app(environ, respond)
        finally:
            _local.stats = None

    return application


application = (
    django_application if os.environ.get("BENCH_PROBE", "1") == "0" else probed(django_application)
)
