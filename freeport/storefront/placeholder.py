"""Generated product placeholder images (pure): a deterministic SVG, nothing downloaded.

The colour comes from the product's root category, the text from the brand, so the same
product always gets the same bytes (safe to cache and to compare with an ETag).
"""

import unicodedata
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .presenters import initials

CATEGORY_COLOURS = {
    "infant-formula": "#2f5f9e",
    "skincare": "#a3405f",
    "makeup": "#8e2f66",
    "health-supplements": "#2d6e4f",
    "snacks": "#8a4f16",
    "wine": "#722040",
    "personal-care": "#246b78",
    "baby-products": "#4f52b0",
    "small-appliances": "#44536a",
}
FALLBACK_COLOURS = ["#2f5f9e", "#2d6e4f", "#8a4f16", "#722040", "#246b78", "#4f52b0"]


def colour_for(category_slug: str) -> str:
    if category_slug in CATEGORY_COLOURS:
        return CATEGORY_COLOURS[category_slug]
    return FALLBACK_COLOURS[zlib.crc32(category_slug.encode()) % len(FALLBACK_COLOURS)]


# Text must stay inside the pack (x 110..290) whatever font the viewer has: widths are estimated
# per character in em, on the wide side (DejaVu Sans, a common system-ui fallback, is wide).
PACK_TEXT_WIDTH = 156  # the pack is 180 wide; 12 px of air on each side
FOOTER_TEXT_WIDTH = 360
ELLIPSIS = "\u2026"


def _char_em(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in "MW@%":
        return 0.95
    if ch in "mw":
        return 0.9
    if ch in " .,:;!|'’`il":
        return 0.34
    if ch in "fjrt()[]-/":
        return 0.45
    if ch.isupper() or ch.isdigit() or ch in "&#?":
        return 0.76
    return 0.62


def text_em(text: str) -> float:
    """Estimated width of text at a font size of 1 (so px at size n is n * text_em)."""
    return sum(_char_em(ch) for ch in text)


def _truncate(text: str, size: float, width: float) -> str:
    """Cut text so that it and an ellipsis fit, at a word boundary when one is close."""
    if text_em(text) * size <= width:
        return text
    budget = width / size - text_em(ELLIPSIS)
    cut = ""
    for ch in text:
        if text_em(cut + ch) > budget:
            break
        cut += ch
    head, _, _tail = cut.rpartition(" ")
    if head and len(head) >= len(cut) * 0.6:
        cut = head
    return cut.rstrip(" -&,.") + ELLIPSIS


def _units(text: str) -> tuple[list[str], str]:
    """Where a line may break: between words, or between any two CJK characters."""
    if " " in text:
        return text.split(" "), " "
    if any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text):
        return list(text), ""
    return [text], ""  # one Latin word: never split inside it


def _two_lines(text: str) -> tuple[str, str] | None:
    """The break that best balances the two lines, or None if there is nowhere to break."""
    units, sep = _units(text)
    if len(units) < 2:
        return None
    splits = [(sep.join(units[:i]), sep.join(units[i:])) for i in range(1, len(units))]
    return min(splits, key=lambda pair: (max(text_em(pair[0]), text_em(pair[1])), pair[1]))


def _fill_two_lines(text: str, size: float, width: float) -> tuple[str, ...]:
    """As much as fits on the first line, the rest on the second, cut with an ellipsis."""
    units, sep = _units(text)
    first, i = units[0], 1
    while i < len(units) and text_em(first + sep + units[i]) * size <= width:
        first, i = first + sep + units[i], i + 1
    rest = sep.join(units[i:])
    if not rest:
        return (_truncate(first, size, width),)
    return (_truncate(first, size, width), _truncate(rest, size, width))


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    size: int  # font size in px


def fit_text(
    text: str, *, width: float, max_size: int, min_size: int, two_line_size: int | None = None
) -> FittedText:
    """Lay text out in the box: one line, shrunk down to a readable size; else two balanced
    lines (when two_line_size is given); else the smallest size, cut with an ellipsis."""
    text = " ".join(text.split())
    if not text:
        return FittedText((), max_size)
    single = min(max_size, int(width / text_em(text)))
    one_line_floor = min_size if two_line_size is None else min(max_size, two_line_size)
    if single >= one_line_floor:
        return FittedText((text,), single)
    if two_line_size is not None:
        split = _two_lines(text)
        size = 0
        if split is not None:
            size = min(two_line_size, int(width / max(text_em(split[0]), text_em(split[1]))))
            if size >= max(min_size, single):
                return FittedText(split, size)
        if single >= min_size:  # one line reads larger than the best two-line break
            return FittedText((text,), single)
        if split is not None:
            return FittedText(_fill_two_lines(text, min_size, width), min_size)
    return FittedText((_truncate(text, min_size, width),), min_size)


def _text_lines(fitted: FittedText, *, y: float, fill: str, weight: str = "") -> str:
    """<text> elements centred on x=200, the block's middle at y (baselines adjusted)."""
    line_height = round(fitted.size * 1.2)
    first = y - (len(fitted.lines) - 1) * line_height / 2
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return "".join(
        f'<text x="200" y="{first + i * line_height:g}" text-anchor="middle" fill="{fill}" '
        f'font-family="system-ui, sans-serif" font-size="{fitted.size}"{weight_attr}>'
        f"{escape(line)}</text>"
        for i, line in enumerate(fitted.lines)
    )


def product_svg(*, brand_name: str, category_slug: str, category_name: str) -> str:
    colour = colour_for(category_slug)
    letters = escape(initials(brand_name))
    brand = fit_text(brand_name, width=PACK_TEXT_WIDTH, max_size=20, min_size=13, two_line_size=18)
    category = fit_text(category_name, width=FOOTER_TEXT_WIDTH, max_size=18, min_size=12)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" '
        'height="400" role="img">'
        '<rect width="400" height="400" fill="#ffffff"/>'
        f'<rect width="400" height="400" fill="{colour}" fill-opacity="0.14"/>'
        f'<circle cx="330" cy="70" r="120" fill="{colour}" fill-opacity="0.10"/>'
        f'<rect x="110" y="70" width="180" height="250" rx="26" fill="{colour}"/>'
        '<rect x="110" y="70" width="180" height="250" rx="26" fill="#ffffff" '
        'fill-opacity="0.06"/>'
        '<rect x="140" y="52" width="120" height="30" rx="10" fill="#ffffff" '
        'fill-opacity="0.55"/>'
        '<text x="200" y="205" text-anchor="middle" fill="#ffffff" '
        'font-family="system-ui, sans-serif" font-size="64" font-weight="700">'
        f"{letters}</text>"
        + _text_lines(brand, y=262 if len(brand.lines) > 1 else 255, fill="#ffffff")
        + _text_lines(category, y=360, fill=colour, weight="600")
        + "</svg>"
    )
