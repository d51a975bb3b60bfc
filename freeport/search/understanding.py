"""Query understanding (pure): query words that name a facet value become filters.

"无香精 面霜 日本" → tag fragrance-free, category face-cream, origin JP, and no text left.
Names are matched on analysed word sequences, longest first (up to 4 words, so "new zealand" and
"for sensitive skin" match whole). Only one category can apply: a second category name stays
text.
"""

from dataclasses import dataclass, field

from .analysis import Word

Names = dict[tuple[str, ...], tuple[str, str]]  # analysed name → (facet, code)
MAX_WORDS = 4


@dataclass(frozen=True)
class Understood:
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet → codes
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # (facet, code, text)
    rest: list[Word] = field(default_factory=list)


def understand(ws: list[Word], names: Names) -> Understood:
    filters: dict[str, list[str]] = {}
    matched: list[tuple[str, str, str]] = []
    rest: list[Word] = []
    i = 0
    while i < len(ws):
        for n in range(min(MAX_WORDS, len(ws) - i), 0, -1):
            hit = names.get(tuple(w.term for w in ws[i : i + n]))
            if hit is None:
                continue
            facet, code = hit
            if facet == "category" and "category" in filters:
                continue
            codes = filters.setdefault(facet, [])
            if code not in codes:
                codes.append(code)
            surface = ("" if ws[i].cjk else " ").join(w.text for w in ws[i : i + n])
            matched.append((facet, code, surface))
            i += n
            break
        else:
            rest.append(ws[i])
            i += 1
    return Understood(filters, matched, rest)
