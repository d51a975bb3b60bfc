"""Text folding and splitting (pure): the first step of analysis, shared by index and query.

Folding makes the forms a shopper may type equal to the stored ones: full-width → half-width and
compatibility forms (NFKC), traditional → simplified Chinese (OpenCC t2s tables), lower case,
Latin accents removed ("crème" → "creme"). Splitting cuts the folded text into runs of Chinese
characters and runs of Latin letters/digits; everything else separates.
"""

import re
import unicodedata
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(rf"^[{CJK}]+$")
_APOSTROPHES = re.compile(r"(?<=[a-z])['’](?=[a-z])")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # loads its tables once; only analysis needs it

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _t2s_changes() -> frozenset[str] | None:
    """Every character the t2s conversion can change: for each entry of its tables (phrases,
    characters) that maps to something else, the characters that differ (all of the entry's
    when the lengths differ). A text without any of them converts to itself, so `fold` skips
    the pure-Python conversion, the slowest step of indexing, for it: catalog text is mostly
    simplified already. None if the tables cannot be read: every Chinese text is converted."""
    converter = _t2s()
    try:
        converter.convert("中")  # loads the tables
        tables = [table for group in converter._dict_chain_data for table in group]
        out: set[str] = set()
        for _longest, _shortest, mapping in tables:
            for key, value in mapping.items():
                first = value.split(" ")[0]  # the candidate OpenCC uses
                if len(first) != len(key):
                    out.update(key)
                else:
                    out.update(a for a, b in zip(key, first, strict=True) if a != b)
    except (AttributeError, TypeError, ValueError):
        return None
    return frozenset(out)


def _convertible(text: str) -> bool:
    changes = _t2s_changes()
    return changes is None or not changes.isdisjoint(text)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    if any("\u3400" <= ch <= "\ufaff" for ch in text) and _convertible(text):
        text = _t2s().convert(text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", unicodedata.normalize("NFC", text))


def runs(folded: str) -> list[str]:
    """Chinese runs and Latin/digit runs of already folded text, in order."""
    return _RUNS.findall(folded)


def is_cjk(token: str) -> bool:
    return bool(_CJK_RUN.match(token))


def bigrams(word: str) -> list[str]:
    """Overlapping character pairs of a Chinese word: the fallback when segmentation differs."""
    return [word[i : i + 2] for i in range(len(word) - 1)] if len(word) > 1 else [word]
