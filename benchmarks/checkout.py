"""Benchmark: checkout under load: N concurrent shoppers placing and paying orders over HTTP.

    .venv/bin/python benchmarks/checkout.py [--shoppers 50] [--duration 60] [--warmup 10]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/checkout.py

PostgreSQL only (the database in DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
postgres, is only used to connect). What it does:

1. Creates a scratch database `bench_checkout_<pid>` on that server, migrates it, collects the
   static files (the pages use the manifest) and loads the demo center (`manage.py demo_load`).
   It is dropped at the end unless `--keep`; `--reuse NAME` runs again on a kept database
   (stock is prepared again, new shopper accounts are made).
2. Prepares the stock: `--scarce` SKUs (default 5) get exactly `--scarce-units` sellable units
   (default 10: the existing lots adjusted to nothing, one lot of 10 received) and `--plentiful`
   SKUs (default 20) get 100,000 more units, all through the inventory services. SKUs are
   public, on the positive list, priced 20-100 CNY.
3. Creates N shopper accounts, each with a delivery address and four real-name buyers
   (`customs.services.buyer_register`, ID numbers that pass the GB 11643 check) used in turn:
   a buyer's annual CBEC allowance (26,000 CNY) would otherwise run out in a fast run with few
   shoppers (a refusal `annual_limit`).
4. Counts the queries of one whole journey in this process (django.test.Client, one
   `CaptureQueriesContext` per request) and times the sandbox's signing step.
5. Starts gunicorn on a free port (`--worker-class gthread --workers 2 --threads 2` by default,
   no keep-alive: a connection per request, as behind a proxy, so requests spread over the
   workers as they come; a kept-alive connection stays with the worker that accepted it),
   serving `benchmarks/checkout_wsgi.py`: Freeport's WSGI application with a probe that
   answers, per request, the time in Django, the worker thread's CPU time, the number of
   queries, their time, the part in `SELECT ... FOR UPDATE` and in COMMIT (X-Bench-Probe).
6. Each shopper signs in through /accounts/login/ (form + CSRF, not timed), then, until the
   time is up, repeats: add a SKU to the cart (`POST /api/v1/cart/lines` with `Prefer:
   return=minimal`: the line and the cart's count, not the priced cart; `--full-cart` asks for
   the whole cart; `--scarce-share`, 20 %, a scarce SKU), place the order (`POST /api/v1/orders`
   with an Idempotency-Key; 2 % are sent twice and must return the same checkout), start the
   payment (`POST /orders/<n>/pay/`, the order page's Pay button), open the sandbox cashier
   (GET) and press Pay (POST action=pay),
   then confirm with `GET /api/v1/orders/<n>` that every order is paid. A refusal (409, e.g.
   out_of_stock) empties the cart and counts by its code. No think time (closed loop).
   The first `--warmup` seconds are not counted.
7. Meanwhile a sampler reads pg_stat_activity ten times a second: backends running, waiting
   on a lock (and which statement waits), holding a transaction open while Python works; and
   the CPU time used in the window by gunicorn's processes, by the scratch database's backends
   and by this process is read from /proc (PostgreSQL must run on this machine for that).
8. After the run, from the database: every lot's reserved + shipped <= received (from its
   movements), `manage.py inventory_check`, units ordered of each scarce SKU <= its stock at the
   start, orders the shoppers saw paid = orders paid in the database, notifications not
   delivered, `payments_reconcile`; pg_stat_database's commits, rollbacks and deadlocks.

Prints a Markdown report: machine, settings, paid orders/s, latency per step (p50/p95/p99,
client side) with what the server spent in it, refusals, errors, CPU per order and the most
paid orders/s two cores could give at that cost, the oversell check and where the time goes.
Exit status 1 if anything was oversold.

Options: `--worker-class gthread|sync --workers N --threads N --keep-alive S` (the server),
`--scarce N --scarce-units N --plentiful N --scarce-share X --replay-share X` (the mix),
`--no-probe` (serve without the probe), `--skip-journey`, `--show-queries` (the journey's SQL),
`--profile FILE` (cProfile of the journey), `--full-cart`, `--keep`, `--reuse NAME`, `--seed N`,
`--cpu-journeys N` (no load: the worker CPU of each step over N in-process journeys).

Results are written up in docs/benchmarks.md ("Checkout under load"). A benchmark, not a test.
The load generator runs on the same machine as the server and the database: its CPU is taken
from them.
"""

import argparse
import http.client
import io
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TARGET_RATE = 50.0  # paid orders per second
TARGET_P95_MS = 300.0  # per request: place, pay
PASSWORD = "bench-shopper-password"  # noqa: S105 (scratch accounts)
PLENTY = 100_000
PRICE_RANGE = (20, 100)
BUYERS_PER_SHOPPER = 4
BATCH_SCARCE, BATCH_PLENTY = "BENCH-SCARCE", "BENCH-PLENTY"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["芳", "娜", "伟", "洋", "静", "帆", "磊", "丽", "杰", "敏", "婷", "浩", "雪", "琳", "峰"]
REGIONS = ["110105", "310115", "440106", "440305", "330106", "320106", "510107", "370202"]
# Requests of one journey, in order (the step names of the report).
STEPS = ["cart", "place", "replay", "pay_start", "cashier", "pay", "confirm", "clear"]
STEP_TEXT = {
    "cart": "POST /api/v1/cart/lines",
    "place": "POST /api/v1/orders",
    "replay": "POST /api/v1/orders, same key again",
    "pay_start": "POST /orders/<n>/pay/",
    "cashier": "GET /pay/sandbox/<ref>/",
    "pay": "POST /pay/sandbox/<ref>/ action=pay",
    "confirm": "GET /api/v1/orders/<n>",
    "clear": "DELETE /api/v1/cart/lines/<sku> (after a refusal)",
}


# ---------------------------------------------------------------- scratch database


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank (p95 of 100 values is the 95th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


@contextmanager
def scratch_database(url: str, reuse: str | None, keep: bool):
    """Create `bench_checkout_<pid>` (or use `reuse`) on the URL's server; yield its URL."""
    import psycopg

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"This benchmark needs PostgreSQL: DATABASE_URL is {url!r}.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = reuse or f"bench_checkout_{os.getpid()}"
    if not re.fullmatch(r"[a-z0-9_]{1,60}", name):
        raise SystemExit(f"--reuse: not a plain database name: {name!r}")
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not exists.fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432} "
            f"({str(exc).strip().splitlines()[0]}). Start it, or set DATABASE_URL."
        ) from None
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), name
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 (Django may not be set up yet)
            pass
        if keep or reuse:
            print(f"kept database {name} (drop it with: DROP DATABASE {name})")
        else:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"dropped database {name}")


# ---------------------------------------------------------------- setup


@dataclass
class Shopper:
    username: str
    buyers: list[int]
    address: int


@dataclass
class Setup:
    scarce: dict[str, int]  # SKU code -> sellable units at the start
    plentiful: dict[str, int]
    scarce_ids: dict[str, int]
    shoppers: list[Shopper]
    started: datetime  # before the first order of the run
    timings: dict[str, float] = field(default_factory=dict)


def _id_number(seq: int, rng: random.Random) -> str:
    from freeport.customs import identity

    born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
    first17 = f"{REGIONS[seq % len(REGIONS)]}{born:%Y%m%d}{100 + seq % 900:03d}"
    return first17 + identity.check_digit(first17)


def _sellable(sku_ids: list[int]) -> dict[int, int]:
    from django.utils import timezone

    from freeport.checkout.selectors import deliver_by
    from freeport.inventory.selectors import available_by_warehouse

    out: dict[int, int] = defaultdict(int)
    for (sku_id, _w), n in available_by_warehouse(sku_ids, deliver_by(timezone.now())).items():
        out[sku_id] += n
    return out


def prepare_stock(args) -> tuple[dict, dict, dict]:
    from django.db import transaction
    from django.utils import timezone

    from freeport.catalog.models import SKU
    from freeport.catalog.selectors import public_products
    from freeport.inventory import services as inventory
    from freeport.inventory.models import StockLot, Warehouse

    low, high = PRICE_RANGE
    skus = list(
        SKU.objects.filter(
            is_active=True, product__in=public_products(), price__gte=low, price__lte=high
        ).order_by("pk")
    )
    if len(skus) < args.scarce + args.plentiful:
        raise SystemExit(f"only {len(skus)} SKUs priced {low}-{high} CNY in the catalog")
    rng = random.Random(args.seed)
    rng.shuffle(skus)
    scarce, plentiful = skus[: args.scarce], skus[args.scarce : args.scarce + args.plentiful]
    warehouse = Warehouse.objects.filter(kind=Warehouse.Kind.BONDED).order_by("position").first()
    expiry = timezone.localdate() + timedelta(days=730)
    with transaction.atomic():
        for sku in scarce:
            lot = StockLot.objects.filter(sku=sku, warehouse=warehouse, batch_number=BATCH_SCARCE)
            if not lot.exists():
                inventory.stock_receive(
                    sku=sku, warehouse=warehouse, batch_number=BATCH_SCARCE, expiry_date=expiry,
                    customs_entry_ref="BENCH-ENTRY", quantity=args.scarce_units,
                    reason="benchmark: scarce stock",
                )  # fmt: skip
            bonded = StockLot.objects.filter(sku=sku, warehouse__kind=Warehouse.Kind.BONDED)
            for lot in bonded.order_by("pk"):
                target = args.scarce_units if lot.batch_number == BATCH_SCARCE else 0
                delta = target - (lot.quantity_on_hand - lot.quantity_reserved)
                if delta:
                    inventory.stock_adjust(lot=lot, delta=delta, reason="benchmark: scarce stock")
        for sku in plentiful:
            inventory.stock_receive(
                sku=sku, warehouse=warehouse, batch_number=BATCH_PLENTY, expiry_date=expiry,
                customs_entry_ref="BENCH-ENTRY", quantity=PLENTY,
                reason="benchmark: plentiful stock",
            )  # fmt: skip
    sellable = _sellable([s.pk for s in scarce + plentiful])
    return (
        {s.code: sellable[s.pk] for s in scarce},
        {s.code: sellable[s.pk] for s in plentiful},
        {s.code: s.pk for s in scarce},
    )


def make_shoppers(n: int, prefix: str, seed: int) -> list[Shopper]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from freeport.customers.models import Address
    from freeport.customs.services import buyer_register

    rng = random.Random(seed)
    password = make_password(PASSWORD)
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{i:03d}", password=password) for i in range(n)]
    )
    users = list(User.objects.filter(username__startswith=prefix).order_by("username"))
    shoppers = []
    for i, user in enumerate(users):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        mobile = f"13{rng.randrange(10**9):09d}"
        address = Address.objects.create(
            user=user, recipient_name=name, phone=mobile, province="上海市", city="上海市",
            district="浦东新区", postal_code="200120", street=f"世纪大道{100 + i}号{i % 30 + 1}楼",
            is_default=True,
        )  # fmt: skip
        buyers = []
        for k in range(BUYERS_PER_SHOPPER):
            person = name if k == 0 else rng.choice(SURNAMES) + rng.choice(GIVEN)
            number = _id_number(seed * 1000 + i * BUYERS_PER_SHOPPER + k, rng)
            buyers.append(buyer_register(user=user, name=person, id_number=number,
                                         mobile=mobile).pk)  # fmt: skip
        shoppers.append(Shopper(user.username, buyers, address.pk))
    return shoppers


def setup(args, name: str) -> Setup:
    from django.core.management import call_command
    from django.utils import timezone

    from freeport.catalog.models import SKU
    from freeport.payments.providers.sandbox import sandbox_key

    timings = {}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - t
    t = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    timings["collectstatic"] = time.perf_counter() - t
    if not SKU.objects.exists():
        t = time.perf_counter()
        call_command("demo_load", verbosity=0, stdout=io.StringIO())
        timings["demo_load"] = time.perf_counter() - t
    t = time.perf_counter()
    scarce, plentiful, scarce_ids = prepare_stock(args)
    sandbox_key()  # generated on first use: not inside the measured window
    shoppers = make_shoppers(args.shoppers, f"bench{os.getpid()}-", args.seed + os.getpid())
    timings["stock and shoppers"] = time.perf_counter() - t
    print(f"database {name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    return Setup(scarce, plentiful, scarce_ids, shoppers, timezone.now(), timings)


# ---------------------------------------------------------------- one journey, in process


def _shape(sql: str) -> str:
    """What a query does, in a few words: verb and main table (FOR UPDATE marked)."""
    sql = sql.strip()
    verb = sql.split(None, 1)[0].upper() if sql else "?"
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"):
        return "SAVEPOINT / RELEASE" if verb in ("SAVEPOINT", "RELEASE") else verb
    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"(\w+)"', sql)
    shape = f"{verb} {table.group(1) if table else '?'}"
    return shape + (" FOR UPDATE" if "FOR UPDATE" in sql else "")


def _journey(step, sku: str, body: dict, cart: dict, *, replay: bool):
    """One shopper's journey in process: `step(name, method, path, expected status, **kwargs)`
    makes each request; returns the last answer (the order, as the API shows it)."""
    json_ = {"content_type": "application/json"}
    step("cart", "post", "/api/v1/cart/lines", 200, **json_,
         data={"sku_code": sku, "quantity": 1}, headers=cart)  # fmt: skip
    key = {"Idempotency-Key": uuid.uuid4().hex}
    placed = step("place", "post", "/api/v1/orders", 201, **json_, data=body, headers=key)
    number = placed.json()["number"]
    if replay:
        step("replay", "post", "/api/v1/orders", 200, **json_, data=body, headers=key)
    cashier = step("pay_start", "post", f"/orders/{number}/pay/", 302)["Location"]
    step("cashier", "get", cashier, 200)
    step("pay", "post", cashier, 302, data={"action": "pay"})
    return step("confirm", "get", f"/api/v1/orders/{number}", 200)


def journey_cpu(setup_: Setup, n: int, cart: dict) -> None:
    """The worker CPU of each step, in process (django.test.Client, one shopper, no load): `n`
    journeys after three warm-ups, the thread's CPU time (`time.thread_time`) of each request.
    Prints the median and the fastest per step; the fastest are the least disturbed by the
    machine's neighbours, so compare those between two versions of the code."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    shopper = make_shoppers(1, f"bench{os.getpid()}cpu-", os.getpid() + 11)[0]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username=shopper.username))
    sku = next(iter(setup_.plentiful))
    times: dict[str, list[float]] = defaultdict(list)

    def step(name, method, path, expect, **kwargs):
        started = time.thread_time()
        response = getattr(client, method)(path, **kwargs)
        times[name].append((time.thread_time() - started) * 1000)
        if response.status_code != expect:
            raise SystemExit(f"{name}: {path} answered {response.status_code}, not {expect}")
        return response

    for i in range(n + 3):
        if i == 3:
            times.clear()
        body = {"buyer": shopper.buyers[i % len(shopper.buyers)], "address": shopper.address,
                "split": False}  # fmt: skip
        _journey(step, sku, body, cart, replay=False)
    print(f"worker CPU per step, in process ({n} journeys, thread CPU time, ms):")
    print("| step | median | fastest |\n| --- | --- | --- |")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} |")
    print(f"| journey (sum) | {sum(statistics.median(v) for v in times.values()):.1f} | "
          f"{sum(min(v) for v in times.values()):.1f} |")  # fmt: skip


def journey_queries(setup_: Setup, show: bool, profile: str | None, cart: dict) -> dict:
    """Run a shopper's journey through Django's test client three times (the first two warm the
    process up), counting each request's queries of the third and naming them; time the
    sandbox's signing of a notification. `profile`: cProfile the third journey into that file."""
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from freeport.payments.providers.sandbox import notice_sign

    shopper = make_shoppers(1, f"bench{os.getpid()}probe-", os.getpid() + 7)[0]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username=shopper.username))
    sku = next(iter(setup_.plentiful))
    body = {"buyer": shopper.buyers[0], "address": shopper.address, "split": False}
    counts: dict[str, int] = {}
    shapes: dict[str, Counter] = {}
    profiler = cProfile.Profile() if profile else None

    def step(name, method, path, expect, verbose=False, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            if profiler and verbose:
                profiler.enable()
            started = time.perf_counter()
            response = getattr(client, method)(path, **kwargs)
            elapsed = (time.perf_counter() - started) * 1000
            if profiler and verbose:
                profiler.disable()
        if response.status_code != expect:
            raise SystemExit(f"{name}: {path} answered {response.status_code}, not {expect}: "
                             f"{response.content[:500]!r}")  # fmt: skip
        if verbose:
            counts[name] = len(ctx.captured_queries)
            shapes[name] = Counter(_shape(q["sql"]) for q in ctx.captured_queries)
            print(f"  {name:<10} {counts[name]:>3} queries {elapsed:6.1f} ms  {STEP_TEXT[name]}")
            if show:
                for q in ctx.captured_queries:
                    print(f"      {q['time']}s  {q['sql'][:220]}")
        return response

    def once(verbose):
        confirmed = _journey(partial(step, verbose=verbose), sku, body, cart, replay=True)
        states = {o["state"] for o in confirmed.json()["orders"]}
        if states != {"paid"}:
            print(f"  the order is {states} after Pay (expected paid)")

    once(False)
    once(False)
    print("one journey in process (django.test.Client, one shopper, no load, third run):")
    once(True)
    journey = sum(v for k, v in counts.items() if k != "replay")
    print(f"  one paid order: {journey} queries in 6 requests (the replay not counted; BEGIN, "
          "COMMIT and savepoints included)")  # fmt: skip
    top = Counter()
    for k, c in shapes.items():
        if k != "replay":
            top.update(c)
    print("  most frequent: " + ", ".join(f"{s} x{n}" for s, n in top.most_common(10)))
    t = time.perf_counter()
    for _ in range(5):
        notice_sign(b'{"benchmark": true}')
    sign_ms = (time.perf_counter() - t) / 5 * 1000
    print(f"  sandbox notice_sign (RSA-SHA256, key parsed once): {sign_ms:.1f} ms per call")
    if profiler:
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    return {**counts, "_sign_ms": round(sign_ms, 1), "_journey": journey,
            "_shapes": dict(top.most_common(12))}  # fmt: skip


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(args, database_url: str, var_dir: str):
    port = free_port()
    log = Path(var_dir) / "gunicorn.log"
    cmd = [
        sys.executable, "-m", "gunicorn", "checkout_wsgi:application",
        "--chdir", str(ROOT / "benchmarks"), "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers), "--worker-class", args.worker_class,
        # (gunicorn turns "sync" with --threads > 1 into gthread: pass threads only to gthread)
        *(["--threads", str(args.threads)] if args.worker_class == "gthread" else []),
        "--keep-alive", str(args.keep_alive), "--backlog", "2048",
        "--timeout", "120", "--error-logfile", str(log), "--log-level", "warning",
    ]  # fmt: skip
    env = dict(os.environ, DATABASE_URL=database_url, FREEPORT_VAR_DIR=var_dir,
               DJANGO_SETTINGS_MODULE="freeport.settings", PYTHONPATH=str(ROOT),
               BENCH_PROBE="0" if args.no_probe else "1")  # fmt: skip
    with log.open("ab") as out:  # Django's log (e.g. "Conflict: /api/v1/orders") goes there too
        proc = subprocess.Popen(  # noqa: S603
            cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({proc.returncode}):\n{_tail(log)}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer within 90 s:\n{_tail(log)}")
            time.sleep(0.3)
        yield port, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group this script started
                proc.wait()
        text = log.read_text(errors="replace") if log.exists() else ""
        tracebacks = text.count("Traceback (most recent call last)")
        if tracebacks:
            first = text[text.index("Traceback (most recent call last)") :].splitlines()[:40]
            print(f"gunicorn's log: {tracebacks} tracebacks; the first:\n" + "\n".join(first))


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------- the load generator


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    probe: dict | None

    def json(self):
        return json.loads(self.body)


class Http:
    """One shopper's browser: a keep-alive connection and its cookies (session, CSRF)."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def send(self, method, path, *, json_body=None, form=None, headers=None) -> Response:
        h = {"Accept-Language": "en", **(headers or {})}
        body = None
        if json_body is not None:
            body, h["Content-Type"] = json.dumps(json_body), "application/json"
        elif form is not None:
            body, h["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
        elif method != "GET":
            body = ""
        if method != "GET" and "csrftoken" in self.cookies:
            h["X-CSRFToken"] = self.cookies["csrftoken"]
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body, h)
            raw = self.conn.getresponse()
            data = raw.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            raise
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if raw.will_close:
            self.conn.close()
        probe = raw.headers.get("X-Bench-Probe")
        if probe:
            probe = {k: float(v) for k, v in (p.split("=") for p in probe.split(";"))}
        return Response(raw.status, raw.headers, data, probe)

    def sign_in(self, username: str) -> None:
        self.send("GET", "/accounts/login/")
        r = self.send("POST", "/accounts/login/", form={
            "username": username, "password": PASSWORD,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "next": "/",
        })  # fmt: skip
        if r.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in of {username} failed: {r.status}")


@dataclass
class Sample:
    step: str
    at: float  # monotonic time the response ended
    ms: float
    status: int
    probe: dict | None
    scarce: bool


@dataclass
class Tally:
    samples: list[Sample] = field(default_factory=list)
    journeys: list[tuple[float, float, bool]] = field(default_factory=list)  # end, ms, scarce
    refusals: Counter = field(default_factory=Counter)  # (code, scarce)
    errors: Counter = field(default_factory=Counter)  # "step: what"
    replays: Counter = field(default_factory=Counter)
    unpaid_after_pay: int = 0
    confirmed_numbers: list[str] = field(default_factory=list)


class ShopperRun(threading.Thread):
    def __init__(self, shopper: Shopper, port: int, plan, stop: threading.Event, seed: int):
        super().__init__(daemon=True)
        self.shopper, self.plan, self.stop = shopper, plan, stop
        self.http = Http(port)
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.dirty = False
        self.attempts = 0
        self.signed_in = threading.Event()
        self.sign_in_ms = 0.0

    def run(self):
        t = time.perf_counter()
        try:
            self.http.sign_in(self.shopper.username)
        except Exception as exc:
            self.tally.errors[f"sign-in: {type(exc).__name__}: {exc}"[:120]] += 1
            self.signed_in.set()
            return
        self.sign_in_ms = (time.perf_counter() - t) * 1000
        self.signed_in.set()
        self.plan.go.wait()
        while not self.stop.is_set():
            try:
                self.journey()
            except (http.client.HTTPException, OSError, ValueError, KeyError) as exc:
                self.tally.errors[f"connection: {type(exc).__name__}"] += 1
                self.dirty = True

    def call(self, step, method, path, scarce, expect, **kwargs) -> Response | None:
        started = time.perf_counter()
        r = self.http.send(method, path, **kwargs)
        ended = time.perf_counter()
        self.tally.samples.append(
            Sample(step, ended, (ended - started) * 1000, r.status, r.probe, scarce)
        )
        if r.status not in expect:
            self.tally.errors[f"{step}: HTTP {r.status}"] += 1
            if r.status >= 500 and len(self.plan.server_errors) < 5:
                self.plan.server_errors.append((step, path, r.status, r.body[:300]))
            self.dirty = True
            return None
        return r

    def clean_cart(self):
        r = self.http.send("GET", "/api/v1/cart")
        if r.status == 200:
            for line in r.json()["lines"]:
                self.http.send("DELETE", f"/api/v1/cart/lines/{line['sku_code']}")
        self.dirty = False

    def journey(self):
        if self.dirty:
            self.clean_cart()
        scarce = self.rng.random() < self.plan.scarce_share
        if scarce:
            sku, quantity = self.rng.choice(self.plan.scarce), 1
        else:
            sku, quantity = self.rng.choice(self.plan.plentiful), self.rng.choice((1, 1, 2))
        began = time.perf_counter()
        if not self.call("cart", "POST", "/api/v1/cart/lines", scarce, (200,),
                         json_body={"sku_code": sku, "quantity": quantity},
                         headers=self.plan.cart_headers):  # fmt: skip
            return
        key = uuid.uuid4().hex
        self.attempts += 1
        buyer = self.shopper.buyers[self.attempts % len(self.shopper.buyers)]
        body = {"buyer": buyer, "address": self.shopper.address, "split": False}
        headers = {"Idempotency-Key": key}
        r = self.call("place", "POST", "/api/v1/orders", scarce, (201, 409),
                      json_body=body, headers=headers)  # fmt: skip
        if r is None:
            return
        if r.status == 409:
            self.tally.refusals[(r.json().get("code", "?"), scarce)] += 1
            self.call("clear", "DELETE", f"/api/v1/cart/lines/{sku}", scarce, (200,))
            return
        number = r.json()["number"]
        if self.rng.random() < self.plan.replay_share:
            again = self.call("replay", "POST", "/api/v1/orders", scarce, (200,),
                              json_body=body, headers=headers)  # fmt: skip
            same = again is not None and again.json()["number"] == number
            self.tally.replays["same checkout" if same else "DIFFERENT or failed"] += 1
        r = self.call("pay_start", "POST", f"/orders/{number}/pay/", scarce, (302,))
        if r is None:
            return
        cashier = r.headers["Location"]
        if not cashier.startswith("/pay/sandbox/"):
            self.tally.errors[f"pay_start: redirected to {cashier[:40]}"] += 1
            return
        if not self.call("cashier", "GET", cashier, scarce, (200,)):
            return
        if not self.call("pay", "POST", cashier, scarce, (302,), form={"action": "pay"}):
            return
        r = self.call("confirm", "GET", f"/api/v1/orders/{number}", scarce, (200,))
        if r is None:
            return
        if {o["state"] for o in r.json()["orders"]} != {"paid"}:
            self.tally.unpaid_after_pay += 1
            return
        ended = time.perf_counter()
        self.tally.journeys.append((ended, (ended - began) * 1000, scarce))
        self.tally.confirmed_numbers.append(number)


@dataclass
class Plan:
    scarce: list[str]
    plentiful: list[str]
    scarce_share: float
    replay_share: float
    cart_headers: dict = field(default_factory=dict)  # Prefer: return=minimal unless --full-cart
    go: threading.Event = field(default_factory=threading.Event)
    server_errors: list = field(default_factory=list)


TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used, from /proc (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after "(comm)": field 3 is index 0
    return (int(fields[11]) + int(fields[12])) / TICK


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / TICK  # minus idle and iowait


class Sampler(threading.Thread):
    """pg_stat_activity of the scratch database ten times a second, and the CPU its backends
    use (from /proc: PostgreSQL runs on this machine)."""

    QUERY = """
        SELECT pid, state, wait_event_type, wait_event, left(query, 400)
        FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND backend_type = 'client backend'
    """

    def __init__(self, url: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.stop = url, stop
        self.samples = 0
        self.active = 0
        self.lock_waits = 0
        self.idle_in_tx = 0
        self.waits: Counter = Counter()  # (wait event type/event, statement shape)
        self.lock_statements: Counter = Counter()
        self.recording = False
        self.cpu_first: dict[int, float] = {}
        self.cpu_last: dict[int, float] = {}

    @property
    def backend_cpu(self) -> float:
        return sum(self.cpu_last[p] - self.cpu_first[p] for p in self.cpu_last)

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.wait(0.1):
                if not self.recording:
                    continue
                rows = conn.execute(self.QUERY).fetchall()
                first_round = self.samples == 0
                self.samples += 1
                for pid, state, wtype, wevent, query in rows:
                    cpu = proc_cpu(pid)
                    if cpu is not None:
                        # A backend that appears later was started during the window.
                        self.cpu_first.setdefault(pid, cpu if first_round else 0.0)
                        self.cpu_last[pid] = cpu
                    if state == "active":
                        self.active += 1
                        if wtype:
                            self.waits[f"{wtype}: {wevent}"] += 1
                        if wtype == "Lock":
                            self.lock_waits += 1
                            self.lock_statements[f"{wevent}: {_shape(query)}"] += 1
                    elif state == "idle in transaction":
                        self.idle_in_tx += 1


def db_stats(conn) -> dict[str, int]:
    row = conn.execute(
        "SELECT xact_commit, xact_rollback, deadlocks, tup_inserted, tup_updated, tup_deleted,"
        " blks_read, blks_hit FROM pg_stat_database WHERE datname = current_database()"
    ).fetchone()
    names = ("commits", "rollbacks", "deadlocks", "inserted", "updated", "deleted", "blks_read",
             "blks_hit")  # fmt: skip
    return dict(zip(names, row, strict=True))


def cart_headers(args) -> dict:
    """The cart write's headers: a client that only needs the cart's count asks for no priced
    cart back (RFC 7240 `Prefer: return=minimal`); --full-cart asks for the whole cart."""
    return {} if args.full_cart else {"Prefer": "return=minimal"}


def run_load(args, setup_: Setup, port: int, master: int, db_url: str):
    import psycopg

    plan = Plan(sorted(setup_.scarce), sorted(setup_.plentiful), args.scarce_share,
                args.replay_share, cart_headers(args))  # fmt: skip
    stop, sampler_stop = threading.Event(), threading.Event()
    shoppers = [
        ShopperRun(s, port, plan, stop, args.seed * 7919 + i) for i, s in enumerate(setup_.shoppers)
    ]
    t = time.perf_counter()
    for s in shoppers:
        s.start()
    for s in shoppers:
        s.signed_in.wait()
    sign_in_s = time.perf_counter() - t
    sign_in = [s.sign_in_ms for s in shoppers if s.sign_in_ms]
    print(f"{len(sign_in)} shoppers signed in in {sign_in_s:.1f} s (sign-in p50 "
          f"{pct(sign_in, 50):.0f} ms: PBKDF2; not counted)")  # fmt: skip
    sampler = Sampler(db_url, sampler_stop)
    sampler.start()
    from tqdm import tqdm

    def cpu_now() -> dict[str, float]:
        out = {"machine": machine_busy(), "client": time.process_time(), "server": 0.0}
        for pid in [master, *children(master)]:
            used = proc_cpu(pid)
            if used is not None:
                out["server"] += used
                out[f"pid {pid}"] = used  # each worker (and the master) on its own
        return out

    cpu0 = cpu1 = None
    with psycopg.connect(db_url, autocommit=True) as conn:
        plan.go.set()
        began = time.perf_counter()
        window_start = began + args.warmup
        window_end = window_start + args.duration
        before = None
        total = args.warmup + args.duration
        with tqdm(total=total, unit="s", desc="load", bar_format="{l_bar}{bar}| {n:.0f}/"
                  "{total:.0f} s {postfix}") as bar:  # fmt: skip
            last = began
            while (now := time.perf_counter()) < window_end:
                if before is None and now >= window_start:
                    before = db_stats(conn)
                    sampler.recording = True
                    cpu0 = cpu_now()
                time.sleep(min(1.0, max(0.0, window_end - now)))
                now = time.perf_counter()
                done = sum(len(s.tally.journeys) for s in shoppers)
                errors = sum(sum(s.tally.errors.values()) for s in shoppers)
                bar.update(min(now - last, total - bar.n))
                last = now
                bar.set_postfix_str(f"paid {done}, {done / (now - began):.1f}/s, errors {errors}")
        cpu1 = cpu_now()
        stop.set()
        sampler.recording = False
        after = db_stats(conn)
    for s in shoppers:
        s.join(timeout=120)
    sampler_stop.set()
    sampler.join(timeout=5)
    delta = {k: after[k] - before[k] for k in after} if before else {}
    cpu = {k: cpu1[k] - cpu0.get(k, 0.0) for k in cpu1} if cpu0 else {}
    cpu["postgres"] = sampler.backend_cpu
    return shoppers, sampler, delta, (window_start, window_end), plan, cpu


# ---------------------------------------------------------------- checks after the run


def checks(setup_: Setup, confirmed: set[str]) -> dict:
    """Oversell and consistency, from the database."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from freeport.inventory.models import StockLot, Warehouse
    from freeport.kernel.models import OutboxMessage
    from freeport.orders import states
    from freeport.orders.models import Order, OrderLine

    out: dict = {}
    with connection.cursor() as cur:
        cur.execute("""
            SELECT l.id, l.quantity_on_hand, l.quantity_reserved,
                   COALESCE(SUM(m.on_hand_delta) FILTER (WHERE m.kind IN
                       ('receipt', 'return', 'adjustment')), 0) AS received,
                   COALESCE(-SUM(m.on_hand_delta) FILTER (WHERE m.kind = 'ship'), 0) AS shipped
            FROM inventory_stocklot l LEFT JOIN inventory_stockmovement m ON m.lot_id = l.id
            GROUP BY l.id
        """)  # fmt: skip
        rows = cur.fetchall()
    out["lots"] = len(rows)
    out["lots_over"] = [r[0] for r in rows if r[2] + r[4] > r[3] or r[2] > r[1] or r[2] < 0]
    report = io.StringIO()
    try:
        call_command("inventory_check", verbosity=0, stdout=report)
        out["inventory_check"] = report.getvalue().strip()
    except Exception as exc:  # CommandError: mismatches listed above it
        out["inventory_check"] = f"FAILED: {exc}: {report.getvalue().strip()[:500]}"
    live = OrderLine.objects.filter(
        order__created_at__gte=setup_.started, sku_id__in=setup_.scarce_ids.values()
    ).exclude(order__state=states.CANCELLED)
    by_sku = dict(
        live.values("sku__code").annotate(n=Sum("quantity")).values_list("sku__code", "n")
    )
    paid = dict(
        live.filter(order__state__in=states.PAID_STATES)
        .values("sku__code")
        .annotate(n=Sum("quantity"))
        .values_list("sku__code", "n")
    )
    left = dict(
        StockLot.objects.filter(
            sku_id__in=setup_.scarce_ids.values(), warehouse__kind=Warehouse.Kind.BONDED
        )
        .values("sku__code")
        .annotate(n=Sum("quantity_on_hand") - Sum("quantity_reserved"))
        .values_list("sku__code", "n")
    )
    out["scarce"] = [
        (code, initial, by_sku.get(code, 0), paid.get(code, 0), left.get(code, 0))
        for code, initial in sorted(setup_.scarce.items())
    ]
    oversold_units = sum(max(0, sold - initial) for _c, initial, sold, _p, _l in out["scarce"])
    out["oversell"] = oversold_units + len(out["lots_over"])
    run_orders = Order.objects.filter(created_at__gte=setup_.started)
    out["orders_by_state"] = dict(Counter(run_orders.values_list("state", flat=True)))
    paid_groups = set(
        run_orders.filter(state__in=states.PAID_STATES).values_list("group__number", flat=True)
    )
    out["paid_not_confirmed"] = len(paid_groups - confirmed)
    out["confirmed_not_paid"] = len(confirmed - paid_groups)
    out["notify_pending"] = OutboxMessage.objects.filter(
        topic="payments.sandbox_notify",
        status__in=["pending", "dead"],
        created_at__gte=setup_.started,
    ).count()
    report = io.StringIO()
    try:
        call_command("payments_reconcile", stdout=report, stderr=io.StringIO())
        out["reconcile"] = report.getvalue().strip().splitlines()[-1]
    except SystemExit as exc:
        out["reconcile"] = f"MISMATCH (exit {exc.code}): {report.getvalue().strip()[:300]}"
    except Exception as exc:
        out["reconcile"] = f"FAILED: {exc}"
    return out


# ---------------------------------------------------------------- report


def machine(db_url: str) -> list[str]:
    import django
    import psycopg

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with psycopg.connect(db_url, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        settings = conn.execute(
            "SELECT current_setting('shared_buffers'), current_setting('synchronous_commit'),"
            " current_setting('max_connections')"
        ).fetchone()
    return [
        f"nproc: {len(os.sched_getaffinity(0))}, cpu: {cpu}, memory: {mem:.1f} GiB, "
        f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"python: {platform.python_version()}, django {django.get_version()}",
        f"database: PostgreSQL {version} (shared_buffers {settings[0]}, synchronous_commit "
        f"{settings[1]}, max_connections {settings[2]}), local TCP",
    ]


def _ms(values):
    return [f"{pct(values, p):.0f}" for p in (50, 95, 99)] + [f"{max(values):.0f}"]


def report(args, shoppers, sampler, delta, window, plan, journey, cpu) -> None:
    start, end = window
    seconds = end - start
    samples = [x for s in shoppers for x in s.tally.samples if start <= x.at <= end]
    journeys = [j for s in shoppers for j in s.tally.journeys if start <= j[0] <= end]
    refusals, errors, replays = Counter(), Counter(), Counter()
    for s in shoppers:
        refusals.update(s.tally.refusals)
        errors.update(s.tally.errors)
        replays.update(s.tally.replays)
    unpaid = sum(s.tally.unpaid_after_pay for s in shoppers)
    rate = len(journeys) / seconds
    # Orders' worth of work done in the window: the requests of the six journey steps that
    # ended in it, divided by six. Unlike the paid count, it does not depend on how many
    # journeys were half done when the window opened and closed.
    journey_steps = ("cart", "place", "pay_start", "cashier", "pay", "confirm")
    units = max(sum(1 for x in samples if x.step in journey_steps) / 6, 1)
    by_step: dict[str, list[Sample]] = defaultdict(list)
    for x in samples:
        by_step[x.step].append(x)
        if x.step == "place":
            by_step["place, scarce SKU" if x.scarce else "place, plentiful SKU"].append(x)
    server = f"gunicorn {args.worker_class}, {args.workers} workers" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    )

    print("\n## Checkout under load\n")
    print(f"- {args.shoppers} shoppers, closed loop (no think time), {args.warmup:.0f} s warm-up "
          f"then {seconds:.1f} s measured; {args.scarce_share:.0%} of attempts on {args.scarce} "
          f"scarce SKUs ({args.scarce_units} units each), the rest on {args.plentiful} plentiful "
          f"SKUs; {server}, probe {'off' if args.no_probe else 'on'}")  # fmt: skip
    verdict = "met" if rate >= TARGET_RATE else "MISSED"
    print(f"- **paid orders: {len(journeys)} in {seconds:.1f} s = {rate:.1f}/s** "
          f"(target {TARGET_RATE:.0f}/s: {verdict})")  # fmt: skip
    print("\nLatency as the shoppers saw it; then, from the probe in the server (means): time in "
          "Django, CPU of the worker thread, queries, their time, the part in SELECT ... FOR "
          "UPDATE (lock waits included) and in COMMIT.\n")  # fmt: skip
    print("| step | request | n | p50 ms | p95 ms | p99 ms | max ms | in Django ms | CPU ms "
          "| queries | db ms | FOR UPDATE ms | commit ms |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for step in [*STEPS[:2], "place, plentiful SKU", "place, scarce SKU", *STEPS[2:]]:
        xs = by_step.get(step)
        if not xs:
            continue
        probes = [x.probe for x in xs if x.probe]
        cells = [""] * 6
        if probes:
            cells = [f"{statistics.fmean(p.get(k, 0) for p in probes):.1f}"
                     for k in ("app", "cpu", "q", "db", "lock", "commit")]  # fmt: skip
        text = STEP_TEXT.get(step, STEP_TEXT["place"])
        print(f"| {step} | `{text}` | {len(xs)} | " + " | ".join(_ms([x.ms for x in xs]))
              + " | " + " | ".join(cells) + " |")  # fmt: skip
    if journeys:
        ms = [j[1] for j in journeys]
        print(f"| **journey** | cart to paid, 6 requests | {len(ms)} | " + " | ".join(_ms(ms))
              + " | | | | | | |")  # fmt: skip
    place = [x.ms for x in by_step.get("place", [])]
    pay = [x.ms for x in by_step.get("pay", [])]
    if place and pay:
        worst = max(pct(place, 95), pct(pay, 95))
        print(f"\np95 place {pct(place, 95):.0f} ms, pay {pct(pay, 95):.0f} ms: target < "
              f"{TARGET_P95_MS:.0f} ms {'met' if worst < TARGET_P95_MS else 'MISSED'}")  # fmt: skip
    print(f"\nattempts ending in the window: paid {len(journeys)}, refused "
          f"{sum(refusals.values())}")  # fmt: skip
    for (code, scarce), n in sorted(refusals.items()):
        print(f"- refused `{code}` ({'scarce' if scarce else 'plentiful'} SKU): {n}")
    print(f"errors (whole run, warm-up included): {sum(errors.values())}"
          + "".join(f"\n- {k}: {n}" for k, n in errors.most_common()))  # fmt: skip
    for step, path, status, body in plan.server_errors:
        print(f"  first {status} on {step} {path}: {body!r}")
    print(f"orders not paid right after Pay: {unpaid}")
    print("idempotent replays: " + (", ".join(f"{k} {n}" for k, n in replays.items()) or "none"))

    print("\n### Where the time goes\n")
    if cpu:
        cores = len(os.sched_getaffinity(0))
        capacity = cores * seconds
        ours = cpu["server"] + cpu["postgres"] + cpu["client"]
        rows = [
            (server, cpu["server"]),
            ("PostgreSQL backends of the scratch database", cpu["postgres"]),
            ("load generator and sampler (this process)", cpu["client"]),
            ("everything else (other processes, PostgreSQL's WAL writer, kernel)",
             max(0.0, cpu["machine"] - ours)),
            ("idle", max(0.0, capacity - cpu["machine"])),
        ]  # fmt: skip
        print(f"CPU per order = CPU in the window / {units:.1f} (the requests of the six journey "
              "steps that ended in the window, divided by six).\n")  # fmt: skip
        print("| CPU in the window | seconds | per order ms | share of the machine |")
        print("| --- | --- | --- | --- |")
        for label, value in rows:
            print(f"| {label} | {value:.1f} | {value / units * 1000:.0f} | "
                  f"{value / capacity:.0%} |")  # fmt: skip
        per_process = sorted((v for k, v in cpu.items() if k.startswith("pid ")), reverse=True)
        print("\n- gunicorn's processes, CPU seconds each (a gthread worker uses at most one core: "
              "the GIL): " + ", ".join(f"{v:.1f}" for v in per_process))  # fmt: skip
        both = (cpu["server"] + cpu["postgres"]) / units * 1000
        every = ours / units * 1000
        print(f"\n- CPU per order, web + database: {both:.0f} ms; with the load generator "
              f"{every:.0f} ms. {cores} cores give {cores * 1000:,} ms per second: at most "
              f"**{cores * 1000 / both:.1f} paid orders/s** with the load generator elsewhere "
              f"and nothing else running, {cores * 1000 / every:.1f}/s with it here.")  # fmt: skip
    if journey:
        print(
            f"- queries per paid order (one journey in process, 6 requests, BEGIN/COMMIT and "
            f"savepoints included): {journey['_journey']}: "
            + ", ".join(f"{k} {journey[k]}" for k in STEPS if k in journey and k != "clear")
        )
        print("- most frequent statements: "
              + ", ".join(f"{s} x{n}" for s, n in journey["_shapes"].items()))  # fmt: skip
        print(f"- sandbox `notice_sign` per Pay: {journey['_sign_ms']} ms in this process "
              "(RSA-SHA256; the parsed private key is kept per process)")  # fmt: skip
    probes = [x.probe for x in samples if x.probe]
    if probes:
        app = sum(p["app"] for p in probes)
        work = sum(p.get("cpu", 0) for p in probes)
        db = sum(p["db"] for p in probes)
        lock = sum(p["lock"] for p in probes)
        commit = sum(p["commit"] for p in probes)
        client = sum(x.ms for x in samples if x.probe)
        print(f"- of the request time the shoppers saw ({client / 1000:.0f} s), {app / client:.0%} "
              f"was spent inside Django, the rest queued for a worker; inside Django "
              f"{work / app:.0%} was the thread's own CPU, {db / app:.0%} executing queries "
              f"(SELECT ... FOR UPDATE {lock / app:.0%}, lock waits included), COMMIT "
              f"{commit / app:.0%}; what is neither CPU nor database is waiting for the GIL "
              "or a core")  # fmt: skip
    if delta:
        print(f"- PostgreSQL in the window: {delta['commits']} transactions "
              f"({delta['commits'] / units:.0f} per order: each statement outside a "
              f"transaction is one), {delta['rollbacks']} rollbacks, "
              f"**{delta['deadlocks']} deadlocks**, {delta['inserted'] / units:.0f} rows "
              f"inserted and {delta['updated'] / units:.0f} updated per order")  # fmt: skip
    if sampler.samples:
        n = sampler.samples
        print(f"- pg_stat_activity, {n} samples: on average {sampler.active / n:.1f} backends "
              f"running a statement, {sampler.lock_waits / n:.2f} waiting for a lock, "
              f"{sampler.idle_in_tx / n:.1f} idle in a transaction (the transaction open while "
              "Python works or waits for a core)")  # fmt: skip
        if sampler.waits:
            print("- wait events (backend-samples): "
                  + ", ".join(f"{k} {v}" for k, v in sampler.waits.most_common(8)))  # fmt: skip
        if sampler.lock_statements:
            print("- statements waiting for a lock: " + ", ".join(
                f"{k} {v}" for k, v in sampler.lock_statements.most_common(6)))  # fmt: skip


def print_checks(out: dict, setup_: Setup) -> None:
    print("\n### Oversell and consistency (from the database, after the run)\n")
    print(f"- **oversell count: {out['oversell']}** (must be 0): lots where reserved + shipped "
          f"> received or reserved > on hand: {len(out['lots_over'])} of {out['lots']}"
          + (f" {out['lots_over'][:10]}" if out["lots_over"] else ""))  # fmt: skip
    print(f"- inventory_check: {out['inventory_check']}")
    print("\n| scarce SKU | sellable at start | ordered (not cancelled) | paid | left |")
    print("| --- | --- | --- | --- | --- |")
    for code, initial, sold, paid, left in out["scarce"]:
        print(f"| {code} | {initial} | {sold} | {paid} | {left} |")
    print(f"\n- orders placed during the run, by state: {out['orders_by_state']}")
    print(
        f"- checkouts paid in the database but not confirmed by a shopper: "
        f"{out['paid_not_confirmed']}; confirmed but not paid: {out['confirmed_not_paid']}"
    )
    print(f"- sandbox notifications not delivered (pending or dead): {out['notify_pending']}")
    print(f"- payments_reconcile: {out['reconcile']}")


# ---------------------------------------------------------------- main


def run(args, db_url: str, name: str) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-checkout-") as var_dir:
        os.environ["DATABASE_URL"] = db_url
        os.environ["FREEPORT_VAR_DIR"] = var_dir
        os.environ["DJANGO_SETTINGS_MODULE"] = "freeport.settings"
        import django

        django.setup()
        for line in machine(db_url):
            print(line)
        setup_ = setup(args, name)
        print(f"scarce SKUs (sellable units): {setup_.scarce}")
        print(f"plentiful SKUs: {len(setup_.plentiful)} "
              f"({min(setup_.plentiful.values()):,} to {max(setup_.plentiful.values()):,} "
              "units each)")  # fmt: skip
        if args.cpu_journeys:
            journey_cpu(setup_, args.cpu_journeys, cart_headers(args))
            return 0
        journey = (
            {}
            if args.skip_journey
            else journey_queries(setup_, args.show_queries, args.profile, cart_headers(args))
        )
        from django.db import connections
        from django.utils import timezone

        setup_.started = timezone.now()  # the run's orders: after the in-process journey's

        connections.close_all()
        with server(args, db_url, var_dir) as (port, proc):
            print(
                f"gunicorn on 127.0.0.1:{port}: {args.worker_class}, {args.workers} workers"
                + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
            )
            shoppers, sampler, delta, window, plan, cpu = run_load(
                args, setup_, port, proc.pid, db_url
            )
        report(args, shoppers, sampler, delta, window, plan, journey, cpu)
        confirmed = {n for s in shoppers for n in s.tally.confirmed_numbers}
        out = checks(setup_, confirmed)
        print_checks(out, setup_)
        for line in machine(db_url)[:1]:
            print("after: " + line)
        return 1 if out["oversell"] else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shoppers", type=int, default=50, help="concurrent shoppers (50)")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds (60)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds not counted (10)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker (2)")
    parser.add_argument(
        "--keep-alive", type=int, default=0, help="gunicorn's keep-alive seconds (0: close)"
    )
    parser.add_argument("--scarce", type=int, default=5, help="scarce SKUs (5)")
    parser.add_argument("--scarce-units", type=int, default=10, help="units of each (10)")
    parser.add_argument("--plentiful", type=int, default=20, help="plentiful SKUs (20)")
    parser.add_argument("--scarce-share", type=float, default=0.2, help="share of attempts (0.2)")
    parser.add_argument("--replay-share", type=float, default=0.02,
                        help="placements sent twice with the same key (0.02)")  # fmt: skip
    parser.add_argument("--full-cart", action="store_true",
                        help="cart writes answer the whole priced cart")  # fmt: skip
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-probe", action="store_true", help="serve without the probe")
    parser.add_argument("--skip-journey", action="store_true", help="no in-process journey")
    parser.add_argument("--show-queries", action="store_true", help="print the journey's SQL")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the in-process journey")
    parser.add_argument(
        "--cpu-journeys", type=int, metavar="N", default=0,
        help="only time N in-process journeys' steps (worker CPU), no load",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="NAME", help="run on this kept database again")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    with scratch_database(url, args.reuse, args.keep) as (db_url, name):
        status = run(args, db_url, name)
    sys.exit(status)


if __name__ == "__main__":
    main()
