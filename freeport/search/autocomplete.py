"""Autocomplete over facet names (pure): a prefix of the name, of its pinyin or initials."""

from urllib.parse import urlencode

from . import analysis
from .text import fold
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
