"""Autocomplete (pure): facet names by a prefix of the name, of its pinyin or initials; the
prefix keys (pinyin, initials) of popular queries."""

from urllib.parse import urlencode

from . import analysis
from .text import fold, is_cjk, runs
from .vocabulary import Vocabulary


def _spellings(zh: str, en: str) -> list[str]:
    full, initials = analysis.pinyin("".join(fold(zh).split())) if zh else ("", "")
    return [s for s in (fold(zh), fold(en), full, initials) if s]


def names(prefix: str, vocab: Vocabulary, facets) -> list[tuple[str, str, str, str, str]]:
    """(facet, code, name_zh, name_en, url) of names starting with `prefix`, shortest first."""
    prefix = prefix.strip()
    compact = "".join(prefix.split())
    if not prefix:
        return []
    found = []
    for (facet, code), (zh, en) in vocab.labels.items():
        if facet not in facets:
            continue
        spellings = _spellings(zh, en)
        if any(s.startswith(prefix) or s.startswith(compact) for s in spellings):
            url = "/search/?" + urlencode({facet: code})
            found.append((len(zh or en), facet, code, zh, en, url))
    found.sort()
    return [row[1:] for row in found]


def query_spellings(text: str) -> tuple[str, str]:
    """Prefix keys of a logged query (folded): Chinese runs as full pinyin and as initials, the
    other runs (Latin words, digits) as they are, spaces removed. `a2 奶粉` → (`a2naifen`,
    `a2nf`). Without Chinese the initials are empty (the spelling already covers it)."""
    full, initials, cjk = [], [], False
    for run in runs(fold(text)):
        if is_cjk(run):
            cjk = True
            syllables, first = analysis.pinyin(run)
            full.append(syllables)
            initials.append(first)
        else:
            full.append(run)
            initials.append(run)
    return "".join(full)[:300], ("".join(initials)[:100] if cjk else "")


def popular_url(query: str) -> str:
    return "/search/?" + urlencode({"q": query})
