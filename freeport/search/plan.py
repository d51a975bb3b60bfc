"""Query plans (pure): analysed words → groups of alternatives the backends match.

A plan is an AND of groups; a group is an OR of alternatives; an alternative is an AND of index
terms. A term ending in "*" is a prefix. Backends only ever see these terms, which analysis
limits to letters and digits, and quote each one: shopper text is never spliced into a query.

Per word, the alternatives are its own term plus, from the synonym table, its synonyms (longest
phrase first). A word the index does not know also gets: (Chinese) its character pairs and a
known homophone by pinyin; (Latin) the nearest vocabulary word by edit distance. Corrections
are kept for "did you mean".
"""

import re
from dataclasses import dataclass, field

from . import analysis, typos
from .analysis import Word
from .synonyms import Table
from .text import bigrams, is_cjk
from .vocabulary import Vocabulary

Alternative = tuple[str, ...]
MAX_PHRASE = 4


@dataclass(frozen=True)
class Plan:
    groups: tuple[frozenset[Alternative], ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)  # typed word → suggested word

    def __bool__(self) -> bool:
        return bool(self.groups)


def prefix_term(word: Word) -> str:
    # Stems drop endings (cleansing → cleans), so a half-typed Latin word drops its last letter
    # to stay a prefix of the stem it is heading for.
    text = word.text if word.cjk or len(word.text) <= 2 else word.text[:-1]
    return text + "*"


def _fallbacks(word: Word, vocab: Vocabulary, corrections: dict[str, str]) -> set[Alternative]:
    out: set[Alternative] = set()
    if word.term in vocab.known:
        return out
    if word.cjk:
        if len(word.text) > 2:
            out.add(tuple(bigrams(word.text)))
        sound = analysis.pinyin(word.text)[0] if len(word.text) > 1 else ""
        homophone = vocab.homophones.get(sound)
        if homophone and homophone != word.text:
            out.add((homophone,))
            corrections[word.text] = homophone
    else:
        fixed = typos.correct(word.text, vocab.latin)
        if fixed:
            out.add((analysis.stem(fixed),))
            corrections[word.text] = fixed
    return out


def _single_chars(ws: list[Word], i: int, vocab: Vocabulary) -> int:
    """How many single-character Chinese words start at i, when more than one and some are
    unknown: the segmenter broke a word it does not know (often a typo, "奶份")."""
    n = 0
    while i + n < len(ws) and ws[i + n].cjk and len(ws[i + n].text) == 1:
        n += 1
    unknown = any(w.term not in vocab.known for w in ws[i : i + n])
    return n if n > 1 and unknown else 0


def build(ws: list[Word], vocab: Vocabulary, synonyms: Table, *, prefix: bool = False) -> Plan:
    groups: list[frozenset[Alternative]] = []
    corrections: dict[str, str] = {}
    i = 0
    while i < len(ws):
        # Synonym phrases first: a rule's phrase may itself be a run of single characters the
        # segmenter does not know ("巴旦木" → 巴 旦 木), which the next step would merge away.
        n = next((n for n in range(min(MAX_PHRASE, len(ws) - i), 0, -1)
                  if tuple(w.term for w in ws[i : i + n]) in synonyms), 0)  # fmt: skip
        if n:
            key = tuple(w.term for w in ws[i : i + n])
            groups.append(frozenset(synonyms[key] | {key}))
            i += n
            continue
        run = _single_chars(ws, i, vocab)
        if run and not (prefix and i + run == len(ws)):
            chars = tuple(w.text for w in ws[i : i + run])
            merged = Word("".join(chars), True)
            groups.append(frozenset({chars, *_fallbacks(merged, vocab, corrections)}))
            i += run
            continue
        word = ws[i]
        if prefix and i == len(ws) - 1:
            groups.append(frozenset({(prefix_term(word),), (word.term,)}))
        else:
            groups.append(frozenset({(word.term,), *_fallbacks(word, vocab, corrections)}))
        i += 1
    return Plan(tuple(groups), corrections)


def _text(ws: list[Word]) -> str:
    out = ""
    for prev, word in zip([None, *ws], ws, strict=False):
        out += word.text if prev is None or (prev.cjk and word.cjk) else " " + word.text
    return out


def suggestion(ws: list[Word], vocab: Vocabulary, corrections: dict[str, str]) -> str | None:
    """A corrected query for "did you mean": the plan's corrections, else looser typo fixes."""
    fixed = dict(corrections)
    for w in ws:
        if not w.cjk and w.text not in fixed and w.term not in vocab.known:
            guess = typos.correct(w.text, vocab.latin, loose=True)
            if guess:
                fixed[w.text] = guess
    if not fixed:
        return None
    text = _text(ws)
    for wrong, right in fixed.items():
        if is_cjk(wrong):
            text = text.replace(wrong, right)
        else:
            text = re.sub(rf"(?<![a-z0-9]){re.escape(wrong)}(?![a-z0-9])", right, text)
    return text
