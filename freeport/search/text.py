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


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    if any("\u3400" <= ch <= "\ufaff" for ch in text):
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
