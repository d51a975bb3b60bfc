"""Analysis (pure): folded text → words → index terms, for Chinese and English alike.

- Chinese runs are segmented with jieba (HMM off, so unknown strings split the same way in the
  index and in a query) using a private tokenizer plus a product-domain user dictionary (brand,
  category, tag, certification, country and ingredient names: see `domain_words`), so "无香精" or
  a brand such as "奇异金" stays one word.
- Latin words are lower-cased and reduced with the Snowball English stemmer ("creams" → "cream"),
  minus a few stop words that would otherwise have to appear in every match.
- Chinese words also give their pinyin ("naifen") and initials ("nf") for the pinyin column.
"""

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .text import bigrams, fold, is_cjk, runs

STOP_EN = frozenset(
    "a an and as at by for from in of on or the to with".split()
)  # "for sensitive skin" must not require "for" in the title
STOP_ZH = frozenset({"的", "和", "与", "及", "之"})
LETTERS_DIGITS = re.compile(r"([a-z]+)\d+")
_SPLIT_NAMES = re.compile(r"[,，、;；/|()（）\s]+")
_lock = threading.Lock()
_added: set[str] = set()


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter domain words (process-wide; adding is idempotent and only grows)."""
    new = [w for w in words if w not in _added]
    if not new:
        return
    tokenizer = _tokenizer()
    with _lock:
        for word in new:
            tokenizer.add_word(word)
            _added.add(word)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if not word.isalpha():
        return word  # "a2", "900", "1段" stay as they are
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Word:
    text: str  # folded surface form
    cjk: bool

    @property
    def term(self) -> str:
        """The index term of this word (stemmed when Latin)."""
        return self.text if self.cjk else stem(self.text)


def words(text: str, *, for_index: bool = False) -> list[Word]:
    """Words of `text`. The index form (jieba's cut_for_search) also emits the dictionary words
    inside a long word ("婴儿配方奶粉" → 婴儿, 配方, 奶粉, ...), so a query for a part matches."""
    out: list[Word] = []
    for run in runs(fold(text)):
        if is_cjk(run):
            tokenizer = _tokenizer()
            cut = tokenizer.cut_for_search if for_index else tokenizer.cut
            out += [Word(w, True) for w in cut(run, HMM=False) if w.strip() and w not in STOP_ZH]
        elif run not in STOP_EN:
            out.append(Word(run, False))
            code = LETTERS_DIGITS.fullmatch(run) if for_index else None
            if code and code[1] not in STOP_EN:  # "vitamin d" finds "d3", "spf" finds "spf50"
                out.append(Word(code[1], False))
    return out


def terms(text: str, *, for_index: bool = True) -> list[str]:
    return [w.term for w in words(text, for_index=for_index)]


@lru_cache(maxsize=50_000)
def pinyin(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of a Chinese word: 奶粉 → ("naifen", "nf")."""
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(word) if s.isascii() and s.isalpha()]
    return "".join(syllables), "".join(s[0] for s in syllables)


def pinyin_terms(text: str) -> list[str]:
    """Pinyin and initials of each Chinese word and of each whole Chinese run of `text`."""
    out: list[str] = []
    folded = fold(text)
    pieces = [w.text for w in words(folded, for_index=True) if w.cjk]
    pieces += [r for r in runs(folded) if is_cjk(r)]
    for piece in pieces:
        full, initials = pinyin(piece)
        out += [t for t in (full, initials) if t]
    return out


def cjk_bigrams(text: str) -> list[str]:
    return [g for r in runs(fold(text)) if is_cjk(r) for g in bigrams(r) if len(g) == 2]


def domain_words(names: Iterable[str]) -> set[str]:
    """The user dictionary: the Chinese parts (2+ characters) of brand, category, tag,
    certification, country and ingredient names. Ingredient lists are split on punctuation."""
    out: set[str] = set()
    for name in names:
        for part in _SPLIT_NAMES.split(fold(name or "")):
            out.update(r for r in runs(part) if is_cjk(r) and len(r) > 1)
    return out
