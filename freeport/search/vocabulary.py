"""The search vocabulary (pure): built from catalog data passed in, never from the ORM.

It holds the facet names query understanding looks for, the Latin words typo correction may
suggest, the terms the index knows (so only unknown words get fallbacks), Chinese homophones
by pinyin (a shopper's IME picks "奶份" for "奶粉") and the segmenter's user dictionary.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import analysis
from .text import fold, is_cjk, runs

Named = Iterable[tuple[str, str, str]]  # (code, name_zh, name_en)

# Phrases that name the "ships within 24 h" filter (facet "ships_24h", code "1"): a shopper who
# types 24小时发货 wants that filter, not products whose text says so. The first pair is its label.
SHIPS_FAST_PHRASES = (
    ("24小时发货", "ships within 24h"),
    ("24小时内发货", "ships within 24 hours"),
    ("24h发货", "24 hour shipping"),
    ("24小时发", "24h shipping"),
)
SHIPS_FAST_LABEL = ("24小时发货", "Ships within 24 h")


@dataclass(frozen=True)
class Vocabulary:
    names: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    labels: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    latin: tuple[str, ...] = ()
    known: frozenset[str] = frozenset()
    homophones: dict[str, str] = field(default_factory=dict)
    dictionary: frozenset[str] = frozenset()

    def label(self, facet: str, code: str, english: bool) -> str:
        zh, en = self.labels.get((facet, code), (code, code))
        return (en or zh) if english else (zh or en)


def build(
    *,
    brands: Named = (),
    categories: Named = (),
    tags: Named = (),
    certs: Named = (),
    countries: Mapping[str, tuple[str, str]] | None = None,
    ingredients: Iterable[str] = (),
    titles: Iterable[str] = (),
    known: Iterable[str] = (),
) -> Vocabulary:
    facets = {
        "brand": list(brands),
        "category": list(categories),
        "tag": list(tags),
        "cert": list(certs),
        "origin": [(c, zh, en) for c, (zh, en) in (countries or {}).items()],
    }
    every_name = [n for rows in facets.values() for _, zh, en in rows for n in (zh, en)]
    dictionary = analysis.domain_words([*every_name, *ingredients])
    analysis.add_words(dictionary)  # before analysing names, so they segment whole

    names: dict[tuple[str, ...], tuple[str, str]] = {}
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    latin: set[str] = set()
    for facet, rows in facets.items():
        for code, zh, en in rows:
            labels[(facet, code)] = (zh, en)
            spellings = [zh, en] + ([code.replace("-", " ")] if facet != "origin" else [])
            for spelling in spellings:
                key = tuple(w.term for w in analysis.words(spelling))
                if key:
                    names.setdefault(key, (facet, code))
            latin.update(r for r in runs(fold(en)) if r.isalpha())
    labels[("ships_24h", "1")] = SHIPS_FAST_LABEL
    for phrase in (p for pair in SHIPS_FAST_PHRASES for p in pair):
        key = tuple(w.term for w in analysis.words(phrase))
        names.setdefault(key, ("ships_24h", "1"))
    for title in titles:
        latin.update(r for r in runs(fold(title)) if r.isalpha())
    known_terms = frozenset(known)
    homophones: dict[str, str] = {}
    for term in sorted(known_terms):
        if len(term) > 1 and is_cjk(term):
            homophones.setdefault(analysis.pinyin(term)[0], term)
    return Vocabulary(
        names=names,
        labels=labels,
        latin=tuple(sorted(w for w in latin if len(w) >= 3)),
        known=known_terms,
        homophones=homophones,
        dictionary=frozenset(dictionary),
    )
