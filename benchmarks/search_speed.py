"""Benchmark: search speed on a generated 100,000-SKU catalog, SQLite FTS5 or PostgreSQL.

    .venv/bin/python benchmarks/search_speed.py [--skus 100000] [--queries 700] [--passes 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/search_speed.py

1. A throw-away database: a SQLite file in a new temporary directory (FREEPORT_VAR_DIR is set
   before Django starts), or, with DATABASE_URL=postgres://user@host:port/name, a scratch
   database `bench_search_speed_<pid>` on that server, dropped afterwards (the database in the URL
   is only used to connect). `--reuse DIR|NAME` keeps the SQLite file in DIR (or the PostgreSQL
   database NAME) and skips loading and building when it is already there, for profiling rounds.
2. Loads N SKUs (default 100,000: 45,068 products, 42,813 of them public) through
   `catalog.services.catalog_import` in batches of 5,000 rows, with a progress bar. The rows are
   generated, deterministic for `--seed`, from the demo catalog (`catalog/demo.py`): its brands,
   categories, tags, certifications, origin countries, titles, descriptions, ingredients and
   variants are the templates; 199 more brands are composed from place names of their origin
   country and a word of their trade (考里牧场 Kauri Farms, 椿姬肌研 Tsubaki Skin Lab...), product
   lines get a series word (臻选 Select, 温和 Gentle...), prices a per-product factor, wines a
   vintage, tags and certifications a few changes within what the category carries. 95 % of the
   products are approved (the rest wait in review and must never be found), sales follow a long
   tail, 96 % of the SKUs get bonded stock, 60 % of the products a review aggregate (about one
   review per eight sales, stars by profile: the rating signal), the demo synonym rules are
   loaded.
3. Builds the index with `search.services.index_rebuild` (timed, progress bar).
4. Runs a mixed query log (seeded, drawn from the loaded catalog: Chinese words and phrases,
   English, full pinyin, initials, Latin typos of brand names, queries with facet filters,
   queries naming filters, other sorts and pages, queries that find nothing) through
   `search.services.search(SearchQuery(...), log=False)`, as the storefront does, and touches each
   card's brand, category and tags (already loaded by search), timing every call. Three warm-up
   searches (they build the process's vocabulary and caches) are timed on their own and not
   counted. Reports p50/p95/p99 overall and per kind of query as a Markdown table, the index build
   time and the peak RSS (`resource.getrusage`: this process, and the largest rebuild worker),
   and checks the targets: p95 < 30 ms on SQLite, < 50 ms on PostgreSQL, build < 2 min, < 1 GiB.

`--kind K` runs one kind, `--show` prints the log, `--slowest N` the N slowest searches,
`--profile FILE` profiles the searches (cProfile), `--passes N` repeats the log,
`--random-page-cost X` sets that planner cost on the PostgreSQL scratch database, `--gc-freeze`
calls gc.freeze() after the warm-up. Results are written up in docs/benchmarks.md ("Search
speed"). A benchmark, not a test.
"""

import argparse
import cProfile
import gc
import os
import platform
import pstats
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = {"sqlite": 30.0, "postgresql": 50.0}
TARGET_BUILD_S = 120.0
TARGET_RSS_MIB = 1024.0
BATCH_SKUS = 5000  # rows per catalog_import call (one transaction each)
PENDING_SHARE = 0.05  # products left in review: not public, must never be found
NO_STOCK_SHARE = 0.04

# ---------------------------------------------------------------- catalog generation

# Place names per origin country (en, zh) that brands are composed from.
STEMS = {
    "NZ": [("Kauri", "考里"), ("Manuka Bay", "麦卢卡湾"), ("Totara", "托塔拉"),
           ("Aoraki", "奥拉基")],
    "AU": [("Wattle", "金合欢"), ("Kakadu", "卡卡杜"), ("Banksia", "班克西亚"), ("Byron", "拜伦")],
    "JP": [("Tsubaki", "椿姬"), ("Yuzuki", "柚月"), ("Momiji", "红叶"), ("Aoi", "葵")],
    "KR": [("Haneul", "天空"), ("Dasol", "达素"), ("Bomi", "春美"), ("Mirae", "未来")],
    "FR": [("Belle Rive", "美岸"), ("Beaulieu", "博利厄"), ("Rivaud", "里沃"),
           ("Clairval", "克莱瓦")],
    "DE": [("Lindenhof", "林登霍夫"), ("Bergquell", "山泉"), ("Rosental", "玫瑰谷"),
           ("Elbstein", "易北石")],
    "IT": [("Villa Rosa", "玫瑰别墅"), ("Dolomiti", "多洛米蒂"), ("Siena", "锡耶纳"),
           ("Amalfi", "阿马尔菲")],
    "ES": [("Sol Mayor", "大太阳"), ("Navarra", "纳瓦拉"), ("Costa Brava", "布拉瓦海岸")],
    "NL": [("Tulpveld", "郁金香田"), ("Molenhof", "风车庄园"), ("Zeeland", "泽兰")],
    "CH": [("Jungfrau", "少女峰"), ("Lucerna", "卢塞恩"), ("Engadin", "恩加丁")],
    "GB": [("Cotswold", "科茨沃尔德"), ("Windermere", "温德米尔"), ("Kensington", "肯辛顿")],
    "IE": [("Connemara", "康尼马拉"), ("Kerry Hills", "凯里山"), ("Shamrock", "三叶草")],
    "US": [("Redwood", "红木"), ("Sonoma", "索诺玛"), ("Cascade", "喀斯喀特"), ("Sierra", "塞拉")],
    "CA": [("Banff", "班夫"), ("Okanagan", "欧肯纳根"), ("Yukon", "育空")],
    "CL": [("Maipo", "迈坡"), ("Patagonia", "巴塔哥尼亚"), ("Atacama", "阿塔卡马")],
    "SE": [("Lapland", "拉普兰"), ("Gotland", "哥得兰")],
    "NO": [("Lofoten", "罗弗敦"), ("Tromso", "特罗姆瑟")],
    "DK": [("Jutland", "日德兰"), ("Skagen", "斯卡恩")],
    "BE": [("Ardennes", "阿登"), ("Gent", "根特")],
    "TH": [("Chiang Mai", "清迈"), ("Phuket", "普吉")],
    "MY": [("Penang", "槟城")],
}  # fmt: skip
# Per root category: the origin countries its brands come from, and the words of the trade.
TRADES = {
    "infant-formula": (["NZ", "AU", "NL", "IE", "DE", "CH", "FR"],
                       [("Farms", "牧场"), ("Dairy", "乳业"), ("Nutrition", "营养")]),
    "skincare": (["JP", "KR", "FR", "CH", "US", "TH"],
                 [("Skin Lab", "肌研"), ("Beauty", "美肤"), ("Botanics", "植萃")]),
    "makeup": (["JP", "KR", "FR", "IT", "US"], [("Cosmetics", "彩妆"), ("Atelier", "工坊")]),
    "health-supplements": (["AU", "US", "CA", "NO", "NZ", "DE"],
                           [("Health", "健康"), ("Vita", "维他"), ("Naturals", "天然")]),
    "snacks": (["CH", "BE", "IT", "DK", "US", "AU", "DE", "GB"],
               [("Bakery", "烘焙"), ("Chocolatier", "巧克力坊"), ("Orchards", "果园")]),
    "wine": (["FR", "IT", "ES", "CL", "AU", "NZ", "US", "DE", "BE"],
             [("Estate", "酒庄"), ("Cellars", "酒窖"), ("Brewery", "精酿")]),
    "personal-care": (["JP", "GB", "DE", "TH", "SE", "KR"],
                      [("Care", "护理"), ("Botanics", "植萃")]),
    "baby-products": (["JP", "DE", "AU", "KR", "SE"], [("Baby", "宝贝"), ("Kids", "童品")]),
    "small-appliances": (["DE", "NL", "GB", "JP", "KR", "MY"],
                         [("Home", "家电"), ("Tech", "科技")]),
}  # fmt: skip
# The merchant of a brand from a country without a demo merchant of its own.
MERCHANT_OF = {"ES": "mediterranea", "NO": "nordic-lights", "DK": "nordic-lights",
               "BE": "caves-de-france", "TH": "sakura-trading", "MY": "albion-home"}  # fmt: skip
# Series words a product line carries in its title (zh, en); "" most often.
LINES = [("", "")] * 8 + [
    ("经典", "Classic"), ("臻选", "Select"), ("升级版", "Advanced"), ("新款", "New"),
    ("温和", "Gentle"), ("专业", "Pro"), ("限定版", "Limited Edition"), ("至臻", "Prestige"),
    ("天然", "Natural"), ("家庭装", "Family Size"), ("旅行装", "Travel Size"), ("高端", "Premium"),
    ("轻盈", "Light"), ("加强版", "Extra Strength"), ("双效", "Dual Action"), ("清新", "Fresh"),
]  # fmt: skip
YEAR = re.compile(r"\b(19|20)\d\d\b")
BADGE = re.compile(r"【[^】]*】")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _strip_brand(title_zh: str, title_en: str, brand_zh: str, brand_en: str) -> tuple[str, str]:
    """The product part of a demo title: badge and brand name removed."""
    from freeport.catalog.demo import TITLE_BADGES

    for badge in TITLE_BADGES:
        if badge and title_zh.startswith(badge):
            title_zh = title_zh[len(badge) :]
    head, _, rest = title_zh.partition(" ")
    noun_zh = rest if rest and (head in brand_zh or brand_zh[:2] in head) else title_zh
    words = title_en.split()
    brand_words = {w.lower() for w in brand_en.split()}
    while words and words[0].lower() in brand_words:
        words.pop(0)
    return noun_zh.strip(), " ".join(words)


def templates() -> dict[str, list[dict]]:
    """Demo products by leaf category: product fields, SKU rows and the title without brand."""
    from freeport.catalog.demo import demo_rows

    products: dict[str, dict] = {}
    for row in demo_rows(2026):
        spec = products.get(row["product_code"])
        if spec is None:
            noun_zh, noun_en = _strip_brand(
                row["title_zh"], row["title_en"], row["brand_zh"], row["brand_en"]
            )
            foreign = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", row["brand_en"])} - {"de"}
            own = bool(foreign & {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", noun_en)})
            own |= row["brand_zh"][:2] in noun_zh
            spec = products[row["product_code"]] = {
                "row": row, "skus": [], "noun_zh": noun_zh, "noun_en": noun_en,
                "brand": row["brand"], "own_name": own,  # the title names its brand (a wine)
            }  # fmt: skip
        spec["skus"].append(row)
    by_leaf: dict[str, list[dict]] = defaultdict(list)
    for spec in products.values():
        by_leaf[spec["row"]["category"]].append(spec)
    return dict(by_leaf)


def brand_pool(by_leaf: dict[str, list[dict]], rng: random.Random) -> list[dict]:
    """The demo brands (their own products first) and composed brands, each with its leaves,
    merchant, origin and a long-tail weight."""
    from freeport.catalog import demo, reference

    roots = {root: [leaf for leaf, *_ in leaves] for root, _, _, leaves in reference.CATEGORIES}
    merchants = {m["country"]: m["code"] for m in demo.MERCHANTS}
    pool = []
    for slug, (zh, en, country, merchant, *_rest) in demo.BRANDS.items():
        own = [s for specs in by_leaf.values() for s in specs if s["brand"] == slug]
        leaves = sorted({s["row"]["category"] for s in own})
        pool.append({"slug": slug, "zh": zh, "en": en, "country": country,
                     "merchant": merchant, "leaves": leaves, "own": own})  # fmt: skip
    seen = {b["slug"] for b in pool}
    for root, (countries, trades) in TRADES.items():
        leaves = [leaf for leaf in roots[root] if leaf in by_leaf]
        for country in countries:
            for stem_en, stem_zh in STEMS[country]:
                trade_en, trade_zh = trades[rng.randrange(len(trades))]
                if trade_en == "Brewery":
                    sells = [leaf for leaf in leaves if leaf == "beer"]
                elif root == "wine":
                    sells = [leaf for leaf in leaves if leaf != "beer"]
                else:
                    sells = sorted(rng.sample(leaves, min(len(leaves), rng.randint(1, 3))))
                slug = _slug(f"{stem_en} {trade_en}")
                if slug in seen or not sells:
                    continue
                seen.add(slug)
                pool.append({
                    "slug": slug, "zh": stem_zh + trade_zh, "en": f"{stem_en} {trade_en}",
                    "country": country, "leaves": sells, "own": [],
                    "merchant": merchants.get(country) or MERCHANT_OF[country],
                })  # fmt: skip
    order = list(range(len(pool)))
    rng.shuffle(order)
    for rank, i in enumerate(order, start=1):
        pool[i]["weight"] = 1 / rank**0.8  # a few big brands, a long tail
    return pool


def _price(base: Decimal, factor: float) -> str:
    p = float(base) * factor
    if p < 50:
        out = Decimal(int(p)) + Decimal("0.9")
    elif p < 1000:
        n = int(p)
        out = Decimal(n - n % 10 + (9 if n % 3 else 8))
    else:
        out = Decimal(int(round(p / 10) * 10))
    return f"{out:.2f}"


def generate(skus: int, seed: int):
    """Yield lists of import rows (one product each, 1-5 SKUs) until `skus` rows are made."""
    from freeport.catalog.demo import TITLE_BADGES
    from freeport.kernel.gtin import make_gtin13

    rng = random.Random(seed)
    by_leaf = templates()
    pool = brand_pool(by_leaf, rng)
    weights = [b["weight"] for b in pool]
    tag_pool = {
        leaf: sorted({t for s in specs for t in s["row"]["tags"].split("|") if t})
        for leaf, specs in by_leaf.items()
    }
    cert_pool = {
        leaf: sorted({c for s in specs for c in s["row"]["certifications"].split("|") if c})
        for leaf, specs in by_leaf.items()
    }
    made = product = 0
    while made < skus:
        product += 1
        brand = rng.choices(pool, weights)[0]
        if brand["own"] and rng.random() < 0.7:
            spec = rng.choice(brand["own"])
        else:
            leaf = rng.choice(brand["leaves"])
            choices = [s for s in by_leaf[leaf] if not s["own_name"] or s["brand"] == brand["slug"]]
            spec = rng.choice(choices or by_leaf[leaf])
        base = spec["row"]
        leaf = base["category"]
        line_zh, line_en = rng.choice(LINES)
        noun_zh, noun_en = spec["noun_zh"], spec["noun_en"]
        if YEAR.search(noun_en):
            vintage = str(rng.randint(2012, 2023))
            noun_zh, noun_en = YEAR.sub(vintage, noun_zh), YEAR.sub(vintage, noun_en)
        title_zh = " ".join(p for p in (brand["zh"], line_zh, noun_zh) if p)
        title_en = " ".join(p for p in (brand["en"], line_en, noun_en) if p)
        tags = set(filter(None, base["tags"].split("|")))
        certs = set(filter(None, base["certifications"].split("|")))
        if tag_pool[leaf] and rng.random() < 0.35:
            tags.add(rng.choice(tag_pool[leaf]))
        if tags and rng.random() < 0.15:
            tags.discard(sorted(tags)[0])
        if cert_pool[leaf] and rng.random() < 0.2:
            certs.add(rng.choice(cert_pool[leaf]))
        factor = rng.uniform(0.75, 1.35)
        code = f"SB{product:06d}"
        prefix = re.match(r"[A-Z0-9]*?(?=20)", base["record_number"]).group(0) or "JZB"
        n_skus = min(len(spec["skus"]), skus - made)
        title_zh = rng.choice(TITLE_BADGES) + title_zh
        rows = []
        for i, sku in enumerate(spec["skus"][:n_skus], start=1):
            rows.append({
                **sku,
                "merchant": brand["merchant"], "brand": brand["slug"], "brand_zh": brand["zh"],
                "brand_en": brand["en"], "product_code": code, "sku_code": f"{code}-{i}",
                "gtin": make_gtin13(f"69{product:07d}{i:03d}"),
                "title_zh": title_zh, "title_en": title_en, "origin_country": brand["country"],
                "record_number": f"{prefix}{2019 + product % 7}{product:07d}",
                "price": _price(Decimal(sku["price"]), factor),
                "tags": "|".join(sorted(tags)), "certifications": "|".join(sorted(certs)),
            })  # fmt: skip
        made += len(rows)
        yield rows


# ---------------------------------------------------------------- loading


def load(args) -> dict:
    """Merchants, catalog (pending), then approval, popularity and stock; returns counts."""
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from freeport.catalog import demo, services
    from freeport.catalog.models import SKU, Merchant, Product
    from freeport.inventory.models import StockLot, Warehouse

    services.reference_load()
    for m in demo.MERCHANTS:
        Merchant.objects.update_or_create(
            code=m["code"],
            defaults={k: m[k] for k in ("name_zh", "name_en", "customs_code", "country")},
        )
    t = time.perf_counter()
    batch: list[dict] = []
    line = 0
    products = 0
    # Imported as pending (the import's own indexing then writes nothing), approved below: the
    # index is built once, by the timed rebuild.
    with tqdm(total=args.skus, desc="loading SKUs", unit="sku", mininterval=1) as bar:

        def flush():
            nonlocal line
            numbered = list(enumerate(batch, start=line + 1))
            line += len(batch)
            result = services.catalog_import(rows=numbered, progress=None)
            if not result.imported:
                raise SystemExit("generated rows failed validation:\n" + "\n".join(
                    str(e) for e in result.errors[:20]))  # fmt: skip
            bar.update(len(batch))
            bar.set_postfix(products=products, rss=f"{peak_mib():.0f}MiB", refresh=False)
            batch.clear()

        for rows in generate(args.skus, args.seed):
            products += 1
            batch += rows
            if len(batch) >= BATCH_SKUS:
                flush()
        if batch:
            flush()
    load_s = time.perf_counter() - t

    rng = random.Random(args.seed + 1)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    staples = {"formula-cow", "formula-goat", "diapers", "face-mask", "fish-oil", "sunscreen"}
    updates = []
    for pid, leaf in Product.objects.order_by("id").values_list("id", "category__slug"):
        status = "pending" if rng.random() < PENDING_SHARE else "approved"
        boost = 3.0 if leaf in staples else 1.0
        sales = min(int(rng.paretovariate(1.2) * 25 * boost), 50000)
        published = now - timezone.timedelta(hours=rng.randint(1, 24 * 150))
        updates.append((status, sales, published if status == "approved" else None, pid))
    table = connection.ops.quote_name(Product._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET status = %s, sales_count = %s, published_at = %s "  # noqa: S608
            "WHERE id = %s",
            updates,
        )
    warehouse, _ = Warehouse.objects.get_or_create(
        code="QD-BW1",
        defaults={"name_zh": "青岛前湾保税港区一号仓", "kind": Warehouse.Kind.BONDED,
                  "name_en": "Qingdao Qianwan Bonded Port Area, Warehouse 1",
                  "province": "山东省", "city": "青岛市", "customs_area_code": "4258"},
    )  # fmt: skip
    received = timezone.now() - timezone.timedelta(days=30)
    lots = [
        StockLot(sku_id=sid, warehouse=warehouse, batch_number=f"L{sid:07d}",
                 customs_entry_ref=f"42582026{sid:09d}", received_at=received,
                 quantity_on_hand=rng.randint(1, 600))
        for sid in SKU.objects.order_by("id").values_list("id", flat=True)
        if rng.random() >= NO_STOCK_SHARE
    ]  # fmt: skip
    with transaction.atomic():
        StockLot.objects.bulk_create(lots, batch_size=2000)
    rated = ratings_make(rng, [(pid, sales) for status, sales, _, pid in updates])
    try:
        from freeport.search.demo import synonyms_load  # the demo's synonym rules, if present

        synonyms = synonyms_load()
    except ImportError:
        synonyms = 0
    approved = sum(1 for u in updates if u[0] == "approved")
    return {"load_s": load_s, "products": len(updates), "public": approved, "lots": len(lots),
            "synonyms": synonyms, "rated": rated}  # fmt: skip


RATED_SHARE = 0.6  # products with reviews
# Shares of 1..5 stars per kind of product: most are liked, some are not.
STAR_PROFILES = [
    (0.01, 0.01, 0.03, 0.15, 0.80),
    (0.03, 0.03, 0.08, 0.30, 0.56),
    (0.06, 0.06, 0.15, 0.35, 0.38),
    (0.30, 0.20, 0.20, 0.15, 0.15),
]


def ratings_make(rng: random.Random, sold: list[tuple[int, int]]) -> int:
    """Visible-review aggregates (reviews.ProductRating) for RATED_SHARE of the products: about
    one review per eight sales (at least one, at most 3,000), stars spread by a profile, so
    the rating signal ranks real differences. Written directly: the rows, not the reviews."""
    from django.db import transaction

    from freeport.reviews.models import ProductRating

    rows = []
    for pid, sales in sold:
        if rng.random() >= RATED_SHARE:
            continue
        n = max(1, min(sales // 8, 3000))
        shares = rng.choices(STAR_PROFILES, weights=(5, 3, 2, 1))[0]
        stars = [int(n * share) for share in shares]
        stars[4] += n - sum(stars)  # the rounding's remainder to five stars
        rows.append(ProductRating(
            product_id=pid, count=n, stars_total=sum(k * c for k, c in enumerate(stars, 1)),
            stars_1=stars[0], stars_2=stars[1], stars_3=stars[2], stars_4=stars[3],
            stars_5=stars[4],
        ))  # fmt: skip
    with transaction.atomic():
        ProductRating.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# ---------------------------------------------------------------- the query log

MISSES = [
    "蓝牙耳机", "iphone 15 pro", "扫地机器人", "登山鞋", "手机壳", "猫粮", "lego 积木", "茅台",
    "机械键盘", "瑜伽垫", "qwxz", "zzkpt", "空气炸锅", "跑步机", "nintendo switch", "保温杯",
    "羽绒服", "投影仪", "dog food", "gaming mouse",
]  # fmt: skip
KIND_SHARES = {
    "zh word": 12, "zh words": 12, "english": 12, "pinyin": 8, "initials": 8, "typo": 9,
    "facets": 12, "understood": 10, "sorted/paged": 8, "no match": 5,
}  # fmt: skip
PRICE_BANDS = [(None, Decimal("99.99")), (Decimal("100"), Decimal("299.99")),
               (Decimal("300"), Decimal("599.99")), (Decimal("600"), None)]  # fmt: skip


def _typo(word: str, rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(20):
        w = list(word)
        for _ in range(1 if len(word) <= 6 else rng.choice((1, 2))):
            i = rng.randrange(1, len(w))  # the first letter is rarely wrong
            op = rng.choice(("delete", "swap", "replace", "insert"))
            if op == "delete" and len(w) > 4:
                del w[i]
            elif op == "swap" and i < len(w) - 1:
                w[i], w[i + 1] = w[i + 1], w[i]
            elif op == "insert":
                w.insert(i, rng.choice(letters))
            else:
                w[i] = rng.choice(letters)
        out = "".join(w)
        if out != word:
            return out
    return word[:-1]


def query_log(n: int, seed: int) -> list[tuple[str, dict]]:
    """(kind, SearchQuery fields) drawn from the loaded catalog, deterministic for the seed."""
    from freeport.catalog.models import AttributeTag, Brand, Category, Product
    from freeport.kernel.countries import COUNTRIES
    from freeport.search import analysis

    rng = random.Random(seed + 7)
    approved = Product.objects.filter(status="approved").order_by("id")
    stride = max(1, approved.count() // 2000)
    sample = list(
        approved.values_list("title_zh", "title_en", "brand__slug", "brand__name_zh",
                             "brand__name_en", "category__slug", "category__name_zh",
                             "category__name_en", "origin_country", "id", "price_min")[::stride]
    )  # fmt: skip
    rng.shuffle(sample)
    tags: dict[int, list[str]] = defaultdict(list)
    for pid, code in Product.tags.through.objects.filter(
        product_id__in=[p[9] for p in sample]
    ).values_list("product_id", "attributetag__code"):
        tags[pid].append(code)
    tag_names = {code: (zh, en) for code, zh, en in AttributeTag.objects.values_list(
        "code", "name_zh", "name_en")}  # fmt: skip
    leaves = Category.objects.filter(parent__isnull=False)
    leaf_names = list(leaves.values_list("name_zh", "name_en"))
    brands_by_leaf: dict[str, list[str]] = defaultdict(list)
    for slug, leaf in approved.values_list("brand__slug", "category__slug").distinct():
        brands_by_leaf[leaf].append(slug)
    latin_brand_words = sorted({
        w for en in Brand.objects.values_list("name_en", flat=True)
        for w in re.findall(r"[a-z]+", _slug(en)) if len(w) >= 5
    })  # fmt: skip

    def pick():
        return rng.choice(sample)

    def zh_words(title_zh, brand_zh):
        text = BADGE.sub(" ", title_zh).replace(brand_zh, " ")
        return [w.text for w in analysis.words(text) if w.cjk and len(w.text) >= 2]

    def en_words(title_en, brand_en):
        text = title_en.replace(brand_en, " ").lower()
        return [w for w in re.findall(r"[a-z][a-z0-9-]+", text) if w not in analysis.STOP_EN]

    def zh_word(p=None):
        if p is None and rng.random() < 0.25:
            return rng.choice(leaf_names)[0]
        p = p or pick()
        return rng.choice(zh_words(p[0], p[3]) or [p[6]])

    def zh_multi(p=None):
        p = p or pick()
        ws = zh_words(p[0], p[3]) or [p[6]]
        k = min(len(ws), rng.choice((2, 2, 3)))
        start = rng.randrange(len(ws) - k + 1)
        text = rng.choice((" ", "")).join(ws[start : start + k])
        if len(ws) < 2 or rng.random() < 0.25:
            text = f"{p[3]} {text}"
        return text

    def english(p=None):
        p = p or pick()
        ws = en_words(p[1], p[4]) or [p[7].lower()]
        k = min(len(ws), rng.choice((1, 2, 2, 3)))
        start = rng.randrange(len(ws) - k + 1)
        text = " ".join(ws[start : start + k])
        if rng.random() < 0.2:
            text = f"{p[4].split()[0].lower()} {text}"
        return text

    def pinyin(initials: bool):
        for _ in range(10):
            p = pick()
            word = p[3] if rng.random() < 0.3 else rng.choice(zh_words(p[0], p[3]) or [p[6]])
            full, short = analysis.pinyin(word)
            text = short if initials else full
            if len(text) >= 2:
                return text
        return "nf" if initials else "naifen"

    def typo():
        text = _typo(rng.choice(latin_brand_words), rng)
        if rng.random() < 0.4:
            p = pick()
            text += " " + rng.choice(en_words(p[1], p[4]) or ["cream"])
        return text

    def facets():
        p = pick()
        fields: dict = {"q": rng.choice([zh_word, english, zh_multi])(p)}
        facets = ["brand", "origin", "price", "category"] + (["tag"] if tags[p[9]] else [])
        for facet in rng.sample(facets, rng.choice((1, 2))):
            if facet == "brand":
                fields["brand"] = sorted({p[2], rng.choice(brands_by_leaf[p[5]])})
            elif facet == "origin":
                fields["origin"] = [p[8]]
            elif facet == "price":
                low, high = next((lo, hi) for lo, hi in PRICE_BANDS if hi is None or p[10] <= hi)
                fields.update(price_min=low, price_max=high)
            elif facet == "tag":
                fields["tag"] = [rng.choice(tags[p[9]])]
            else:
                fields["category"] = p[5]
        return fields

    def understood():
        p = next(p for p in iter(pick, None) if tags[p[9]])
        english_words = rng.random() < 0.25
        country = COUNTRIES[p[8]][1 if english_words else 0]
        tag = tag_names[rng.choice(tags[p[9]])][1 if english_words else 0]
        leaf = p[7] if english_words else p[6]
        parts = [tag, leaf, country]
        if rng.random() < 0.3:
            parts.pop(rng.randrange(3))
        rng.shuffle(parts)
        if rng.random() < 0.2:
            parts.append(rng.choice(zh_words(p[0], p[3]) or [p[6]]))
        return " ".join(parts).lower() if english_words else " ".join(parts)

    def paged():
        q = rng.choice([zh_word, english, zh_multi])()
        return {"q": q, "sort": rng.choice(("popular", "newest", "price_asc", "price_desc")),
                "page": rng.choice((1, 2, 3))}  # fmt: skip

    def miss():
        if rng.random() < 0.7:
            return rng.choice(MISSES)
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(5, 8)))

    makers = {
        "zh word": zh_word, "zh words": zh_multi, "english": english,
        "pinyin": lambda: pinyin(False), "initials": lambda: pinyin(True), "typo": typo,
        "facets": facets, "understood": understood, "sorted/paged": paged, "no match": miss,
    }  # fmt: skip
    total = sum(KIND_SHARES.values())
    log = []
    for kind, share in KIND_SHARES.items():
        for _ in range(max(1, round(n * share / total))):
            made = makers[kind]()
            fields = made if isinstance(made, dict) else {"q": made}
            log.append((kind, fields))
    rng.shuffle(log)
    return log


# ---------------------------------------------------------------- measuring


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def worker_peak_mib() -> float:
    """The peak RSS of the largest finished child (the rebuild's worker processes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank (p95 of 100 values is the 95th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


def run_queries(log, passes: int, profile: str | None, slowest: int = 0):
    from freeport.search.query import SearchQuery
    from freeport.search.services import search

    queries = [(kind, fields, SearchQuery(page_size=24, **fields)) for kind, fields in log]
    timings: dict[str, list[float]] = defaultdict(list)
    results: dict[str, list[int]] = defaultdict(list)
    every: list[tuple[float, str, dict, int]] = []
    profiler = cProfile.Profile() if profile else None
    for _ in range(passes):
        for kind, fields, query in queries:
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            result = search(query, log=False)
            for p in result.products:  # what a card shows; loaded by search in bulk
                _ = (p.brand.name_zh, p.category.name_zh, [tag.code for tag in p.tags.all()])
            elapsed = (time.perf_counter() - started) * 1000
            if profiler:
                profiler.disable()
            timings[kind].append(elapsed)
            results[kind].append(result.total)
            every.append((elapsed, kind, fields, result.total))
    if profiler:
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    if slowest:
        print(f"\nthe {slowest} slowest searches:")
        for elapsed, kind, fields, total in sorted(every, key=lambda e: -e[0])[:slowest]:
            print(f"  {elapsed:7.1f} ms  {kind:<13} {total:>6} results  {fields}")
    return timings, results


def machine(connection) -> list[str]:
    import django

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    if connection.vendor == "sqlite":
        import sqlite3

        db = f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
    else:
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            version = cur.fetchone()[0]
            cur.execute(
                "SELECT current_setting('shared_buffers'), current_setting('random_page_cost')"
            )
            buffers, page_cost = cur.fetchone()
            db = (f"PostgreSQL {version} (shared_buffers {buffers}, random_page_cost {page_cost}, "
                  "local TCP)")  # fmt: skip
    return [
        f"nproc: {len(os.sched_getaffinity(0))}, cpu: {cpu}, memory: {mem:.1f} GiB, "
        f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"python: {platform.python_version()} ({platform.python_implementation()}), "
        f"django {django.get_version()}",
        f"database: {db}",
    ]


def report(timings, results) -> float:
    """A Markdown table: latency per kind of query and overall; returns the overall p95."""
    every = [t for ts in timings.values() for t in ts]
    print("\n| queries | n | p50 ms | p95 ms | p99 ms | max ms | mean ms | median results |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    rows = [("**all**", every, [r for rs in results.values() for r in rs])]
    rows += [(k, timings[k], results[k]) for k in KIND_SHARES if k in timings]
    for label, ts, rs in rows:
        cells = [pct(ts, 50), pct(ts, 95), pct(ts, 99), max(ts), statistics.fmean(ts)]
        print(f"| {label} | {len(ts)} | " + " | ".join(f"{c:.1f}" for c in cells)
              + f" | {statistics.median(rs):,.0f} |")  # fmt: skip
    return pct(every, 95)


@contextmanager
def throwaway_database(reuse: str | None, random_page_cost: float | None = None):
    """Point Django (not set up yet) at a new, empty database; yield a description of it.
    `reuse`: a directory (SQLite) or a database name (PostgreSQL) kept between runs."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freeport.settings")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        scratch = reuse or f"bench_search_speed_{os.getpid()}"
        if not re.fullmatch(r"[a-z0-9_]{1,60}", scratch):
            raise SystemExit(f"--reuse: not a plain database name: {scratch!r}")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch])
            if not exists.fetchone():
                conn.execute(f'CREATE DATABASE "{scratch}"')
            if random_page_cost is None:
                conn.execute(f'ALTER DATABASE "{scratch}" RESET random_page_cost')
            else:  # the planner's cost of a random page read (4 by default; 1.1 for SSDs)
                conn.execute(
                    f'ALTER DATABASE "{scratch}" SET random_page_cost = {random_page_cost}'
                )
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{scratch}"))
        try:
            with tempfile.TemporaryDirectory(prefix="bench-search-speed-") as workdir:
                os.environ["FREEPORT_VAR_DIR"] = workdir
                kept = "kept: --reuse" if reuse else "dropped after"
                yield f"PostgreSQL database {scratch} ({kept})"
        finally:
            from django.db import connections

            connections.close_all()
            if not reuse:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    elif reuse:
        Path(reuse).mkdir(parents=True, exist_ok=True)
        os.environ["FREEPORT_VAR_DIR"] = str(Path(reuse).resolve())
        yield f"SQLite file in {reuse} (kept: --reuse)"
    else:
        with tempfile.TemporaryDirectory(prefix="bench-search-speed-") as workdir:
            os.environ["FREEPORT_VAR_DIR"] = workdir
            yield f"SQLite file in {workdir} (deleted after)"


def run(args, where: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from freeport.catalog.models import SKU
    from freeport.search import services
    from freeport.search.models import SearchDocument

    print(f"database: {where}")
    for line in machine(connection):
        print(line)
    call_command("migrate", verbosity=0)
    build_s = None
    if SKU.objects.exists():
        print(f"reusing {SKU.objects.count():,} SKUs, {SearchDocument.objects.count():,} documents")
    else:
        counts = load(args)
        print(f"loaded {args.skus:,} SKUs, {counts['products']:,} products "
              f"({counts['public']:,} public) in {counts['load_s']:.1f} s; "
              f"{counts['lots']:,} stock lots, {counts['rated']:,} products rated, "
              f"{counts['synonyms']} synonym rules; "
              f"peak RSS {peak_mib():.0f} MiB")  # fmt: skip
    if build_s is None and (args.rebuild or not SearchDocument.objects.exists()):
        public = services.public_products().count()
        rss_before = peak_mib()
        with tqdm(total=public, desc="index_rebuild", unit="product", mininterval=1) as bar:
            t = time.perf_counter()
            written = services.index_rebuild(progress=bar.update)
            build_s = time.perf_counter() - t
        print(f"index_rebuild: {written:,} documents in {build_s:.1f} s "
              f"({written / build_s:,.0f}/s, {services.index_workers()} worker processes); "
              f"peak RSS {peak_mib():.0f} MiB (before the build {rss_before:.0f} MiB), "
              f"largest worker {worker_peak_mib():.0f} MiB")  # fmt: skip
    from freeport.search.query import SearchQuery

    # Warm-up, not counted: the first search after an index change builds the process's
    # vocabulary and hit table, the first without text the facet index, the first that finds
    # nothing reads the names for the substring fallback.
    for q, what in (("奶粉", "vocabulary, hit table"), ("面霜", "facet index"),
                    ("qxzvk", "names")):  # fmt: skip
        t = time.perf_counter()
        services.search(SearchQuery(q=q), log=False)
        print(f"warm-up {q!r} (builds the {what}): {(time.perf_counter() - t) * 1000:.0f} ms")
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
        print(f"gc.freeze(): {gc.get_freeze_count():,} objects out of the cyclic collector's way")
    log = query_log(args.queries, args.seed)
    if args.kind:
        log = [(k, f) for k, f in log if k == args.kind]
    if args.show:
        for kind, fields in log:
            print(f"  {kind:<14} {fields}")
    print(
        f"{len(log)} queries x {args.passes} pass(es): "
        + ", ".join(f"{k} {n}" for k, n in Counter(k for k, _ in log).items())
    )
    t = time.perf_counter()
    timings, results = run_queries(log, args.passes, args.profile, args.slowest)
    wall = time.perf_counter() - t
    p95 = report(timings, results)
    n = sum(len(ts) for ts in timings.values())
    print(f"\n{n} searches in {wall:.1f} s ({n / wall:.0f}/s, one process)")
    for line in machine(connection)[:1]:
        print("after: " + line)
    rss = max(peak_mib(), worker_peak_mib())
    target = TARGET_P95_MS[connection.vendor]
    print(f"target p95 < {target:.0f} ms: {'met' if p95 < target else 'MISSED'} ({p95:.1f} ms)")
    if build_s is not None:
        ok = build_s < TARGET_BUILD_S
        print(f"target index build < 2 min: {'met' if ok else 'MISSED'} ({build_s:.1f} s)")
    print(f"target peak RSS < 1 GiB: {'met' if rss < TARGET_RSS_MIB else 'MISSED'} "
          f"({peak_mib():.0f} MiB; largest worker {worker_peak_mib():.0f} MiB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=100_000, help="SKUs to load (100,000)")
    parser.add_argument("--queries", type=int, default=700, help="size of the query log (700)")
    parser.add_argument("--passes", type=int, default=1, help="times the log is run (1)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--kind", help="only this kind of query (e.g. 'typo')")
    parser.add_argument("--show", action="store_true", help="print the query log")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest searches")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the searches into FILE")
    parser.add_argument(
        "--reuse",
        metavar="DIR|NAME",
        help="keep the database (SQLite: in DIR; PostgreSQL: database NAME on the DATABASE_URL "
        "server) and load it only if empty",
    )
    parser.add_argument("--rebuild", action="store_true", help="with --reuse: build again")
    parser.add_argument(
        "--random-page-cost",
        type=float,
        help="PostgreSQL: set random_page_cost on the scratch database (default: the server's)",
    )
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the warm-up (as a server could after warming a worker)",
    )
    args = parser.parse_args()
    with throwaway_database(args.reuse, args.random_page_cost) as where:
        run(args, where)


if __name__ == "__main__":
    main()
