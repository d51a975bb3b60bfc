"""Bar chart geometry for the console dashboard: values in, rectangles and label positions out.

Pure (no Django, no database): the view passes `(label, value)` pairs, the template
`console/_chart.html` draws the result as inline SVG. Coordinates are in SVG user units of the
chart's viewBox (`0 0 width height`); the SVG scales down with its container.
"""

import unicodedata
from dataclasses import dataclass

FONT = 12  # label font size, in user units (console.css sets the same size)
GAP = 6  # space between a bar and its value label
MIN_BAR = 2  # a value above 0 always shows a sliver of bar, however small next to the largest


@dataclass(frozen=True)
class Item:
    label: str
    value: int
    kind: str = ""  # a CSS modifier for the bar: "" or e.g. "display"


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn (maybe shortened)
    full_label: str
    value: int
    kind: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float

    @property
    def value_text(self) -> str:
        return number(self.value)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    orientation: str  # "columns" (vertical bars) or "rows" (horizontal bars)
    width: int
    height: int
    bars: list[Bar]
    axis: tuple[float, float, float, float] | None  # x1, y1, x2, y2 of the baseline, if drawn
    label_anchor: str = "start"  # text-anchor of the category labels
    description: str = ""  # every label with its value (the text alternative)
    note: str = ""  # how to read the chart, shown under it


def _items(values) -> list[Item]:
    return [v if isinstance(v, Item) else Item(*v) for v in values]


def scale(value: float, maximum: float, length: float) -> float:
    """Length of a bar for `value` when `maximum` fills `length`; 0 for nothing to show."""
    if maximum <= 0 or value <= 0:
        return 0.0
    return max(MIN_BAR, round(length * min(value, maximum) / maximum, 2))


def text_units(text: str) -> int:
    """Estimated width of `text` in half-ems: wide (CJK) characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text: str, units: int) -> str:
    """`text` cut to about `units` half-ems, with an ellipsis when cut."""
    if text_units(text) <= units:
        return text
    out, used = [], 1  # room for the ellipsis
    for c in text:
        used += text_units(c)
        if used > units:
            break
        out.append(c)
    return "".join(out).rstrip() + "…"


def number(value: int) -> str:
    """A value as drawn: digits grouped by thousands (53,850), readable in zh and en alike."""
    return f"{value:,}"


def describe(items) -> str:
    """The text alternative: every label with its value, in order."""
    return "; ".join(f"{item.label}: {number(item.value)}" for item in _items(items))


def _char_units(width: float) -> int:
    # A half-em (one Latin character, half a CJK one) is about 0.55 of the font size.
    return max(4, int(width / (FONT * 0.55)))


def columns(
    chart_id: str, title: str, values, *, width: int = 400, height: int = 200, note: str = ""
) -> Chart:
    """Vertical bars side by side; the value above each bar, its label below the baseline."""
    items = _items(values)
    top, bottom = FONT + GAP + 2, FONT * 2 + 4  # room for value labels / category labels
    plot = height - top - bottom
    baseline = height - bottom
    slot = width / max(len(items), 1)
    bar_width = round(min(slot * 0.6, 64), 2)
    maximum = max((item.value for item in items), default=0)
    bars = []
    for i, item in enumerate(items):
        length = scale(item.value, maximum, plot)
        centre = round(slot * i + slot / 2, 2)
        bars.append(
            Bar(
                label=shorten(item.label, _char_units(slot - 4)), full_label=item.label,
                value=item.value, kind=item.kind,
                x=round(centre - bar_width / 2, 2), y=round(baseline - length, 2),
                width=bar_width, height=length,
                label_x=centre, label_y=baseline + FONT + 4,
                value_x=centre, value_y=round(baseline - length - GAP, 2),
            )
        )  # fmt: skip
    return Chart(
        id=chart_id, title=title, orientation="columns", width=width, height=height, bars=bars,
        axis=(0, baseline, width, baseline), label_anchor="middle", description=describe(items),
        note=note,
    )  # fmt: skip


def rows(
    chart_id: str, title: str, values, *, width: int = 440, label_width: int = 140,
    row_height: int = 24, note: str = "",
) -> Chart:  # fmt: skip
    """Horizontal bars, one per row, the value after each bar.

    Labels sit in a left column `label_width` wide, or above their bar when `label_width` is 0
    (for long labels such as warehouse names).
    """
    items = _items(values)
    above = label_width == 0
    value_room = 10 * (FONT * 0.6) + GAP  # up to 10 characters (8 digits) after the longest bar
    left = 0 if above else label_width
    plot = width - left - value_room
    step = row_height + (FONT + 4 if above else 0)
    thickness = round(row_height * 0.7, 2)
    maximum = max((item.value for item in items), default=0)
    bars = []
    for i, item in enumerate(items):
        top = i * step + (FONT + 4 if above else 0)
        y = round(top + (row_height - thickness) / 2, 2)
        length = scale(item.value, maximum, plot)
        middle = round(y + thickness / 2 + FONT * 0.35, 2)  # text baseline centred on the bar
        bars.append(
            Bar(
                label=shorten(item.label, _char_units(width if above else label_width - GAP)),
                full_label=item.label, value=item.value, kind=item.kind,
                x=left, y=y, width=length, height=thickness,
                label_x=0 if above else left - GAP,
                label_y=round(top - 4, 2) if above else middle,
                value_x=round(left + length + GAP, 2), value_y=middle,
            )
        )  # fmt: skip
    height = max(step * len(items), row_height)
    return Chart(
        id=chart_id, title=title, orientation="rows", width=width, height=height, bars=bars,
        axis=None if above else (left, 0, left, height), label_anchor="start" if above else "end",
        description=describe(items), note=note,
    )  # fmt: skip
