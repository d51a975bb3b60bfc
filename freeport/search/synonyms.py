"""Synonym expansion tables (pure). Operators keep the rules in `Synonym` rows (admin).

A two-way rule ("抗衰老, anti aging, 抗老") makes every phrase find the others. A one-way rule
("sunblock → sunscreen, 防晒") makes the left phrases also find the targets, not the reverse.
Phrases are compared in their analysed form (folded, segmented, stemmed), so "Anti-Aging" and
"anti aging" are the same phrase.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import pinyin, words
from .text import is_cjk

Phrase = tuple[str, ...]
Table = dict[Phrase, frozenset[Phrase]]
_LIST = re.compile(r"[,，、;；\n]+")


@dataclass(frozen=True)
class Rule:
    words: tuple[str, ...]
    targets: tuple[str, ...] = ()  # empty: two-way among `words`


def split_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _LIST.split(text or "") if p.strip())


def phrase(text: str) -> Phrase:
    return tuple(w.term for w in words(text))


def compile_rules(rules: Iterable[Rule]) -> Table:
    table: dict[Phrase, set[Phrase]] = {}
    for rule in rules:
        left = [p for p in map(phrase, rule.words) if p]
        right = [p for p in map(phrase, rule.targets) if p]
        for p in left:
            table.setdefault(p, {p}).update(right if rule.targets else left)
    # A Chinese phrase typed as pinyin ("hongjiu" for 红酒) finds what the phrase finds: titles
    # carry the pinyin of their own words only, not of the synonyms shoppers use.
    spelled: dict[Phrase, set[Phrase]] = {}
    for p, found in table.items():
        if all(is_cjk(t) for t in p):
            full = pinyin("".join(p))[0]
            if full and (full,) not in table:
                spelled.setdefault((full,), set()).update(found | {p})
    return {k: frozenset(v) for k, v in {**table, **spelled}.items()}
