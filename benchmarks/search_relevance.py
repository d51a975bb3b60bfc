"""Benchmark: search relevance on the demo catalog, Freeport search against a plain BM25 baseline.

    .venv/bin/python benchmarks/search_relevance.py [--per-query] [--kind typo]
        [--without-synonyms] [--weights '{"delivery": 0}']

Loads the demo catalog (`demo_load`, seed 2026) into a throw-away database: a SQLite file in a new
temporary directory (FREEPORT_VAR_DIR is set before Django starts), or, with
DATABASE_URL=postgres://user@host:port/name, a scratch database `bench_search_rel_<pid>` on that
server, dropped afterwards (the database in the URL is only used to connect). Then it runs every
query of `benchmarks/data/search_judgments.jsonl` through two rankers and prints NDCG@10,
Recall@50 and the zero-result rate of each, overall and per kind of query.

- **freeport**: `search.services.search` as shoppers get it (understanding, synonyms, pinyin,
  typos, fallbacks, facet filters, business signals), relevance sort.
- **baseline** (plain BM25): the same index, but only its `title` column (titles zh/en and brand
  names), queried with the query's own words OR-ed together and ranked by the backend's raw text
  score: FTS5 `bm25()` on SQLite, `ts_rank` of the title (weight A) lexemes on PostgreSQL (which
  has no BM25). The words are segmented and stemmed by the same analyser as the index (without
  it a Chinese query could not address a segmented index at all); nothing else: no synonyms, no
  pinyin, no typo correction, no query understanding, no fallbacks, no business signals.

Judgments (written by hand from the demo catalog, see docs/benchmarks.md): grade 0-3 per demo
product code; unjudged products count as 0. Products held in the review queue by demo_load are
not public, so no engine can find them; the judgments leave them out.

Metrics: NDCG@10 with gain 2^grade - 1 and the ideal ordering of all judgments of the query;
Recall@50 = judged products with grade >= 1 among the first 50 results / all of them; zero-result
rate = share of queries with no result at all.
"""

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JUDGMENTS = ROOT / "benchmarks" / "data" / "search_judgments.jsonl"
NDCG_AT, RECALL_AT = 10, 50


def load_judgments(path: Path = JUDGMENTS) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked: list[str], judged: dict[str, int], k: int = NDCG_AT) -> float:
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    return dcg([judged.get(code, 0) for code in ranked[:k]]) / ideal if ideal else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = RECALL_AT) -> float:
    relevant = {code for code, grade in judged.items() if grade >= 1}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


@contextmanager
def scratch_postgres(url: str, prefix: str):
    """Create `<prefix>_<pid>` on the URL's server, yield its URL, drop it afterwards."""
    import psycopg

    parts = urlsplit(url)
    scratch = f"{prefix}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{scratch}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@contextmanager
def throwaway_database(prefix: str):
    """Point Django (not set up yet) at a new, empty database; yield a description of it."""
    with tempfile.TemporaryDirectory(prefix=f"{prefix}-") as workdir:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freeport.settings")
        os.environ["FREEPORT_VAR_DIR"] = workdir  # the SQLite file and anything else under var/
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            with scratch_postgres(url, prefix.replace("-", "_")) as scratch:
                os.environ["DATABASE_URL"] = scratch
                yield f"PostgreSQL database {urlsplit(scratch).path.lstrip('/')} (dropped after)"
        else:
            os.environ.pop("DATABASE_URL", None)
            yield f"SQLite file in {workdir} (deleted after)"


def baseline_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return (
            "SELECT product_id, ts_rank(ts_filter(tsv, '{a}'), to_tsquery('simple', %s)) AS r "
            "FROM search_searchdocument WHERE ts_filter(tsv, '{a}') @@ to_tsquery('simple', %s) "
            "ORDER BY r DESC, product_id LIMIT %s"
        )
    return (
        "SELECT rowid, bm25(search_fts) AS r FROM search_fts WHERE search_fts MATCH %s "
        "ORDER BY r, rowid LIMIT %s"
    )


def baseline(query: str, limit: int = 1000) -> list[int]:
    """Plain BM25 on the title column: the query's analysed words OR-ed, raw backend score."""
    from django.db import connection

    from freeport.search import analysis
    from freeport.search.backends import TERM

    terms = sorted({w.term for w in analysis.words(query) if TERM.match(w.term)})
    if not terms:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expr = " | ".join("'" + t + "'" for t in terms)
            cursor.execute(baseline_sql("postgresql"), [expr, expr, limit])
        else:
            expr = "title : (" + " OR ".join('"' + t + '"' for t in terms) + ")"
            cursor.execute(baseline_sql("sqlite"), [expr, limit])
        return [row[0] for row in cursor.fetchall()]


def freeport(query: str) -> list[int]:
    from freeport.search.query import SearchQuery
    from freeport.search.services import search

    return [h.product_id for h in search(SearchQuery(q=query), log=False).hits]


def evaluate(judgments: list[dict], rankers: dict, codes: dict[int, str]) -> dict:
    """{ranker: [(query row, ranked codes, ndcg, recall)]}"""
    out = defaultdict(list)
    for row in judgments:
        for name, ranker in rankers.items():
            ranked = [codes[pid] for pid in ranker(row["query"]) if pid in codes]
            out[name].append(
                (row, ranked, ndcg(ranked, row["judgments"]), recall(ranked, row["judgments"]))
            )
    return out


def summary(results: list[tuple]) -> tuple[float, float, float, int]:
    n = len(results)
    zero = sum(1 for _, ranked, *_ in results if not ranked)
    return (
        sum(r[2] for r in results) / n,
        sum(r[3] for r in results) / n,
        zero / n,
        n,
    )


def report(results: dict, *, per_query: bool) -> None:
    names = list(results)
    print(f"\n{'':<12}" + "".join(f"{n:>34}" for n in names))
    print(f"{'':<12}" + f"{'NDCG@10  Recall@50  zero-result':>34}" * len(names))
    kinds = sorted({row["kind"] for row, *_ in results[names[0]]})
    for label, keep in [("all", None), *((k, k) for k in kinds)]:
        cells = []
        for name in names:
            rows = [r for r in results[name] if keep is None or r[0]["kind"] == keep]
            nd, rc, zero, n = summary(rows)
            cells.append(f"{nd:>10.3f} {rc:>10.3f} {zero:>12.1%}")
        n = len([r for r in results[names[0]] if keep is None or r[0]["kind"] == keep])
        print(f"{label + f' ({n})':<12}" + "".join(f"{c:>34}" for c in cells))
    if per_query:
        print("\nper query (NDCG@10 / Recall@50 / results):")
        for i, (row, *_rest) in enumerate(results[names[0]]):
            cells = [
                f"{results[n][i][2]:.2f}/{results[n][i][3]:.2f}/{len(results[n][i][1])}"
                for n in names
            ]
            print(f"  {row['id']:>3} {row['query']:<28} " + "  ".join(f"{c:>16}" for c in cells))


def run(args, where: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from freeport.search.models import SearchDocument

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo_load", verbosity=0)
    print(f"demo catalog loaded in {time.perf_counter() - t:.1f} s into {where}")
    if args.without_synonyms:
        from freeport.search import selectors
        from freeport.search.models import Synonym

        Synonym.objects.all().delete()
        selectors.invalidate()
        print("demo synonym rules deleted (--without-synonyms)")
    if args.weights:
        from django.conf import settings

        settings.SEARCH_RANKING_WEIGHTS = json.loads(args.weights)
        print(f"ranking weights: {settings.SEARCH_RANKING_WEIGHTS} (SEARCH_RANKING_WEIGHTS)")
    codes = {
        pid: code for pid, code in SearchDocument.objects.values_list("product_id", "product__code")
    }
    hours = SearchDocument.objects.values_list("dispatch_hours", flat=True)
    promise = {"24 h or less": 0, "slower": 0, "unknown (no stock)": 0}
    for h in hours:
        key = "unknown (no stock)" if h is None else "24 h or less" if h <= 24 else "slower"
        promise[key] += 1
    print("delivery promise: " + ", ".join(f"{n} {k}" for k, n in promise.items()))
    judgments = load_judgments()
    if args.kind:
        judgments = [j for j in judgments if j["kind"] == args.kind]
    unknown = {c for j in judgments for c in j["judgments"]} - set(codes.values())
    if unknown:
        print(f"note: judged codes not in the index (ignored by both rankers): {sorted(unknown)}")
    print(
        f"{len(judgments)} judged queries, {sum(len(j['judgments']) for j in judgments)} "
        f"judgments, {len(codes)} indexed products, backend: {connection.vendor}"
    )
    t = time.perf_counter()
    results = evaluate(judgments, {"freeport": freeport, "baseline (BM25)": baseline}, codes)
    print(f"evaluated in {time.perf_counter() - t:.1f} s")
    report(results, per_query=args.per_query)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="print every query's scores")
    parser.add_argument("--kind", help="only queries of this kind (category, typo, pinyin...)")
    parser.add_argument(
        "--without-synonyms",
        action="store_true",
        help="delete the demo synonym rules first (what they add to Freeport search)",
    )
    parser.add_argument(
        "--weights",
        help="ranking weights as JSON, as SEARCH_RANKING_WEIGHTS: '{\"delivery\": 0}'",
    )
    args = parser.parse_args()
    with throwaway_database("bench-search-rel") as where:
        run(args, where)


if __name__ == "__main__":
    main()
