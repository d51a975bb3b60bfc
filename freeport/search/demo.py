"""Demo synonym rules (`manage.py demo_load`): the everyday words shoppers type for the demo
catalog's products that its titles do not use (红酒 for 干红 / 红葡萄酒, 尿不湿 for 纸尿裤,
"anti aging" for 紧致 / 细纹 / firming...). Operators edit them in the admin like any rule.

`synonyms_load()` is idempotent: rules are keyed by their words and updated in place.
`popular_load()` gives autocomplete's "popular searches" a history: made-up counts for common
shopper queries, each recorded with what it finds in the demo catalog (a query that finds
nothing is left out); running it again sets the same counts.
"""

from django.db import transaction
from django.utils import timezone

from . import selectors
from .autocomplete import query_spellings
from .models import SearchQueryStat, Synonym
from .query import SearchQuery
from .text import fold

NOTE = "demo"

# (words, one-way targets); empty targets: a two-way rule among the words.
DEMO_SYNONYMS = [
    ("抗衰老, 抗老, 抗衰, anti aging, anti ageing, anti wrinkle", ""),
    ("抗衰老, 抗老, 抗衰, anti aging, anti ageing, anti wrinkle",
     "紧致, 细纹, 焕颜, firming, fine lines"),
    ("美白, 亮白, 提亮, 透亮, whitening, brightening", ""),
    ("洗面奶, 洁面乳, 洁面, 洗脸, cleanser, face wash", ""),
    ("防晒霜, 防晒乳, 防晒, sunscreen, sunblock, sun cream", ""),
    ("moisturizer, moisturiser, 保湿霜", "面霜, face cream"),
    ("敏感肌, 敏感肌肤, sensitive skin", "敏感肌适用"),
    ("宝宝, 婴幼儿, 婴儿, baby, infant", ""),
    ("钙片, 补钙", "钙, calcium"),
    ("维生素, 维他命, vitamin", ""),
    ("杏仁, 扁桃仁, 巴旦木, almond", ""),
    ("红酒, 干红, 红葡萄酒, red wine", ""),
    ("干白, 白葡萄酒, white wine", ""),
    ("尿不湿, 纸尿裤, 尿布, diaper, nappy, nappies", ""),
    ("电吹风, 吹风机, 吹风筒, hair dryer, hairdryer, blow dryer", ""),
    ("澳洲, 澳大利亚, australia, australian, aussie", ""),
    ("french, france, 法国", ""),
    ("german, germany, 德国", ""),
    ("japanese, japan, 日本", ""),
    ("korean, korea, 韩国", ""),
    ("belgian, belgium, 比利时", ""),
    ("swiss, switzerland, 瑞士", ""),
    ("italian, italy, 意大利", ""),
]  # fmt: skip


def synonyms_load() -> int:
    """Create or update the demo rules; returns how many there are."""
    with transaction.atomic():
        for words, targets in DEMO_SYNONYMS:
            Synonym.objects.update_or_create(
                words=words, targets=targets, defaults={"is_active": True, "note": NOTE}
            )
    selectors.invalidate()
    return len(DEMO_SYNONYMS)


# (query as shoppers type it, times searched): made up, shaped like a long tail.
DEMO_POPULAR = [
    ("奶粉", 57), ("面膜", 41), ("红酒", 33), ("鱼油", 29), ("防晒霜", 24), ("纸尿裤", 22),
    ("益生菌", 18), ("巧克力", 15), ("面霜", 13), ("anti aging", 12), ("洗面奶", 9),
    ("维生素", 8), ("a2奶粉", 6), ("电动牙刷", 5), ("羊奶粉", 4), ("护手霜", 3),
]  # fmt: skip


def popular_load() -> int:
    """Create or reset the demo popular queries; returns how many were recorded."""
    from .services import search

    now = timezone.now()
    recorded = 0
    with transaction.atomic():
        for query, count in DEMO_POPULAR:
            total = search(SearchQuery(q=query), log=False).total
            if not total:
                continue
            text = " ".join(fold(query).split())
            spelling, initials = query_spellings(text)
            SearchQueryStat.objects.update_or_create(
                query=text,
                defaults={"count": count, "results": total, "last_seen": now,
                          "spelling": spelling, "initials": initials},
            )  # fmt: skip
            recorded += 1
    return recorded
