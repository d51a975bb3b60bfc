"""Benchmark: `manage.py catalog_import` of N generated rows, then the idempotent re-import.

    .venv/bin/python benchmarks/catalog_import.py [--rows 10000] [--format jsonl|csv]

SQLite in a fresh temporary directory by default (FREEPORT_VAR_DIR is set before Django starts).
With DATABASE_URL=postgres://user@host:port/name the script creates a scratch database
`<name>_bench_<pid>` on that server, runs there and drops it afterwards; the database named in
the URL is only used to connect. Prints wall time, rows/s and peak memory per phase, and the
machine. Results are written up in docs/benchmarks.md ("Catalog import").
"""

import argparse
import csv
import io
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Per leaf category: HS code, net-content unit, content sizes, price range (CNY), product nouns.
LEAVES = {
    "formula-cow": (
        "1901101090",
        "g",
        [400, 800, 900],
        (129, 429),
        ("婴儿配方奶粉", "Infant Formula"),
    ),
    "formula-goat": (
        "1901101090",
        "g",
        [400, 800],
        (189, 499),
        ("羊奶配方奶粉", "Goat Milk Formula"),
    ),
    "face-cream": (
        "3304990099",
        "ml",
        [30, 50, 75],
        (89, 1680),
        ("保湿面霜", "Moisturising Cream"),
    ),
    "serum": ("3304990099", "ml", [15, 30, 50], (159, 1980), ("修护精华", "Repair Serum")),
    "cleanser": ("3401300000", "ml", [100, 150, 200], (59, 329), ("氨基酸洁面", "Gentle Cleanser")),
    "sunscreen": ("3304990099", "ml", [40, 50, 90], (79, 399), ("清爽防晒乳", "Sun Milk SPF50+")),
    "lipstick": ("3304100090", "g", [3, 3.5], (149, 420), ("丝绒口红", "Velvet Lipstick")),
    "eye-makeup": ("3304200090", "g", [5, 8], (99, 520), ("眼影盘", "Eyeshadow Palette")),
    "fish-oil": (
        "1504200090",
        "piece",
        [60, 90, 180],
        (99, 399),
        ("深海鱼油软胶囊", "Fish Oil Capsules"),
    ),
    "vitamins": (
        "2106909090",
        "piece",
        [60, 120],
        (69, 299),
        ("复合维生素", "Multivitamin Tablets"),
    ),
    "probiotics": (
        "2106909090",
        "piece",
        [30, 60],
        (129, 459),
        ("益生菌胶囊", "Probiotic Capsules"),
    ),
    "chocolate": ("1806900000", "g", [100, 200, 400], (19, 189), ("黑巧克力", "Dark Chocolate")),
    "biscuits": ("1905310000", "g", [150, 300], (15, 89), ("黄油曲奇", "Butter Cookies")),
    "nuts": ("0802120000", "g", [200, 500, 1000], (39, 169), ("烤扁桃仁", "Roasted Almonds")),
    "red-wine": ("2204210000", "ml", [375, 750], (89, 1899), ("干红葡萄酒", "Dry Red Wine")),
    "white-wine": ("2204210000", "ml", [375, 750], (79, 999), ("干白葡萄酒", "Dry White Wine")),
    "beer": ("2203000000", "ml", [330, 500], (9, 39), ("精酿啤酒", "Craft Beer")),
    "shampoo": (
        "3305100090",
        "ml",
        [250, 400, 750],
        (49, 259),
        ("无硅油洗发水", "Silicone-free Shampoo"),
    ),
    "toothpaste": (
        "3306100000",
        "g",
        [75, 100, 150],
        (19, 79),
        ("美白牙膏", "Whitening Toothpaste"),
    ),
    "diapers": ("9619001100", "piece", [36, 54, 72], (89, 259), ("纸尿裤", "Diapers")),
    "feeding-bottles": (
        "3924100000",
        "piece",
        [1, 2],
        (69, 239),
        ("防胀气奶瓶", "Anti-colic Bottle"),
    ),
    "electric-toothbrush": (
        "8509809000",
        "piece",
        [1],
        (299, 1299),
        ("声波电动牙刷", "Sonic Toothbrush"),
    ),
    "hair-dryer": ("8516310000", "piece", [1], (399, 3299), ("负离子吹风机", "Ionic Hair Dryer")),
}
MERCHANTS = [
    ("kiwi-dairy", "NZ", "kiwi", "奇异"),
    ("alpine-beauty", "CH", "alpine", "阿尔卑斯"),
    ("sakura-trading", "JP", "sakura", "樱花"),
    ("aussie-health", "AU", "southern", "南十字"),
    ("bordeaux-cellars", "FR", "chateau", "酒庄"),
    ("seoul-glow", "KR", "glow", "光彩"),
]
BRAND_WORDS = [("gold", "金"), ("pure", "纯净"), ("nature", "自然"), ("lab", "实验室")]
SIZES = ["S", "M", "L", "XL"]


def generate(n: int, seed: int = 2026) -> list[dict]:
    """n valid rows: products of 1-4 SKUs across merchants, brands and leaf categories."""
    from freeport.catalog.rows import NEEDS_AGE_RANGE, NEEDS_INGREDIENTS
    from freeport.catalog.selectors import reference_index
    from freeport.kernel.gtin import make_gtin13

    ref = reference_index()
    rng = random.Random(seed)
    leaves = sorted(LEAVES)
    rows, product = [], 0
    while len(rows) < n:
        product += 1
        m_code, country, word_en, word_zh = MERCHANTS[product % len(MERCHANTS)]
        b_en, b_zh = BRAND_WORDS[rng.randrange(len(BRAND_WORDS))]
        leaf = leaves[rng.randrange(len(leaves))]
        hs, unit, contents, (lo, hi), (noun_zh, noun_en) = LEAVES[leaf]
        root = ref.categories[leaf]
        brand = f"{word_en}-{b_en}"
        brand_en = f"{word_en.title()} {b_en.title()}"
        series = rng.randrange(1, 60)
        base = {
            "merchant": m_code, "brand": brand, "brand_zh": f"{word_zh}{b_zh}",
            "brand_en": brand_en, "category": leaf, "product_code": f"P{product:06d}",
            "title_zh": f"{word_zh}{b_zh} {noun_zh} 系列{series}",
            "title_en": f"{brand_en} {noun_en} No. {series}",
            "description_zh": f"{word_zh}{b_zh}原装进口{noun_zh}，保税仓直发。",
            "description_en": f"Genuine imported {noun_en.lower()} from {brand_en}, shipped "
            "from the bonded warehouse.",
            "origin_country": country, "hs_code": hs, "positive_list": "true",
            "record_number": f"{country}{date.today().year}-{product:07d}",
            "certifications": "|".join(rng.sample(sorted(ref.certifications), rng.randrange(3))),
            "tags": "|".join(rng.sample(sorted(ref.tags), rng.randrange(4))),
            "ingredients_zh": "", "ingredients_en": "", "shelf_life_days": "",
            "age_min_months": "", "age_max_months": "", "stage_label": "", "size_guide": "",
        }  # fmt: skip
        if root in NEEDS_INGREDIENTS:
            base["ingredients_zh"] = "水，甘油，天然提取物"
            base["ingredients_en"] = "Water, glycerin, natural extracts"
            base["shelf_life_days"] = str(rng.choice([365, 730, 1095]))
        if root in NEEDS_AGE_RANGE:
            stage = rng.randrange(3)
            base["age_min_months"] = str((0, 6, 12)[stage])
            base["age_max_months"] = str((6, 12, 36)[stage])
            base["stage_label"] = f"Stage {stage + 1}"
        if leaf == "diapers":
            base["size_guide"] = json.dumps(
                [{"size": s, "fits_zh": f"{4 + 3 * i}-{8 + 3 * i} 公斤",
                  "fits_en": f"{4 + 3 * i}-{8 + 3 * i} kg"} for i, s in enumerate(SIZES)],
                ensure_ascii=False,
            )  # fmt: skip
        for variant in range(min(rng.randrange(1, 5), n - len(rows))):
            content = Decimal(str(contents[variant % len(contents)])) * (1 + variant // 3)
            net = (content / 1000 if unit in ("g", "ml") else Decimal("0.2") * content).quantize(
                Decimal("0.001")
            )
            price = Decimal(rng.randrange(lo * 100, hi * 100)) / 100
            label = f"{content.normalize():f} {unit}"
            rows.append(
                {
                    **base,
                    "sku_code": f"P{product:06d}-{variant + 1}",
                    "gtin": make_gtin13(f"69{product:07d}{variant:03d}"),
                    "variant_zh": label,
                    "variant_en": label,
                    "price": f"{price:.2f}",
                    "net_weight_kg": f"{max(net, Decimal('0.001')):f}",
                    "gross_weight_kg": f"{net * Decimal('1.25') + Decimal('0.05'):.3f}",
                    "net_content_value": f"{content:f}",
                    "net_content_unit": unit,
                }  # fmt: skip
            )
    return rows


def write_file(rows: list[dict], path: Path, fmt: str) -> None:
    from freeport.catalog.rows import COLUMNS

    with path.open("w", encoding="utf-8", newline="") as f:
        if fmt == "csv":
            writer = csv.DictWriter(f, fieldnames=[c for c in COLUMNS if c in rows[0]])
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                out = {k: (v.split("|") if k in ("certifications", "tags") and v else v)
                       for k, v in row.items()}  # fmt: skip
                f.write(json.dumps(out, ensure_ascii=False) + "\n")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


@contextmanager
def scratch_postgres(url: str):
    """Create `<name>_bench_<pid>` next to the URL's database, yield its URL, drop it."""
    import psycopg

    parts = urlsplit(url)
    scratch = f"{parts.path.lstrip('/') or 'postgres'}_bench_{os.getpid()}"
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


def machine(connection) -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if connection.vendor == "sqlite":
        import sqlite3

        db = f"SQLite {sqlite3.sqlite_version} (WAL, file in a temp dir)"
    else:
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            db = f"PostgreSQL {cur.fetchone()[0]}"
    return [
        f"nproc: {len(os.sched_getaffinity(0))}",
        f"cpu: {cpu}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"database: {db}",
    ]


def run(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from freeport.catalog import services
    from freeport.catalog.models import SKU, Product
    from freeport.catalog.testing import merchant_make

    call_command("migrate", verbosity=0)
    services.reference_load()
    for code, country, *_ in MERCHANTS:
        merchant_make(code, country=country)

    t = time.perf_counter()
    rows = generate(args.rows)
    path = Path(args.workdir) / f"catalog.{args.format}"
    write_file(rows, path, args.format)
    gen_s = time.perf_counter() - t
    size = path.stat().st_size / 2**20
    print(f"generated {len(rows)} rows, {len({r['product_code'] for r in rows})} products, "
          f"{path.name} {size:.1f} MiB in {gen_s:.1f} s")  # fmt: skip
    for line in machine(connection):
        print(line)

    # Third phase: every 10th SKU gets a new price (the update path, with price-range refresh).
    changed = [dict(r, price=f"{Decimal(r['price']) + 1:.2f}") if i % 10 == 0 else r
               for i, r in enumerate(rows)]  # fmt: skip
    updated = path.with_name(f"catalog-prices.{args.format}")
    write_file(changed, updated, args.format)
    results = []
    for phase, file in (
        ("first import", path),
        ("re-import (idempotent)", path),
        ("re-import, 10% prices changed", updated),
    ):
        out = io.StringIO()
        t = time.perf_counter()
        call_command("catalog_import", str(file), stdout=out, stderr=io.StringIO())
        wall = time.perf_counter() - t
        summary = " | ".join(out.getvalue().strip().splitlines()[1:3])
        results.append((phase, wall))
        print(f"{phase}: {wall:.2f} s, {len(rows) / wall:,.0f} rows/s, "
              f"peak RSS {peak_mib():.0f} MiB; {summary}")  # fmt: skip
    assert SKU.objects.count() == len(rows)
    assert Product.objects.count() == len({r["product_code"] for r in rows})

    t = time.perf_counter()
    call_command("catalog_export", "--output", str(path.with_suffix(".out")), stderr=io.StringIO())
    wall = time.perf_counter() - t
    print(f"export: {wall:.2f} s, {len(rows) / wall:,.0f} rows/s, peak RSS {peak_mib():.0f} MiB")
    first = results[0][1]
    verdict = "met" if first * 10_000 / len(rows) < 60 else "MISSED"
    print(f"target 10,000 rows in < 60 s: {verdict} (first import {first:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freeport.settings")
    with tempfile.TemporaryDirectory(prefix="freeport-bench-") as workdir:
        args.workdir = workdir
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            with scratch_postgres(url) as scratch:
                os.environ["DATABASE_URL"] = scratch
                os.environ["FREEPORT_VAR_DIR"] = workdir
                run(args)
        else:
            os.environ.pop("DATABASE_URL", None)
            os.environ["FREEPORT_VAR_DIR"] = workdir  # a fresh SQLite file, before setup()
            run(args)


if __name__ == "__main__":
    main()
