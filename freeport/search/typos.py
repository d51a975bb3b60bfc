"""Typo tolerance for Latin-script words (pure): the nearest vocabulary word by edit distance.

Short words are left alone (too many neighbours); up to 1 edit for 4–5 letters, 2 from 6.
`loose` allows one more edit from 6 letters, for "did you mean" when a query finds little.
"""

from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

MIN_LENGTH = 4


def max_edits(word: str, *, loose: bool = False) -> int:
    if len(word) < MIN_LENGTH:
        return 0
    if len(word) <= 5:
        return 1
    return 3 if loose else 2


def correct(word: str, candidates: Sequence[str], *, loose: bool = False) -> str | None:
    """The closest candidate within the allowed edits (ties: the first in `candidates`)."""
    limit = max_edits(word, loose=loose)
    if not limit or not candidates or word in candidates:
        return None
    best = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=limit)
    return best[0] if best else None
