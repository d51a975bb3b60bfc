"""How catalog and stock facts read to a shopper (no ORM queries; active language from Django)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from freeport.catalog.stages import age_range_label, cn_stage_for
from freeport.catalog.units import conversions, format_content
from freeport.kernel.i18n import is_english
from freeport.kernel.money import format_cny

LOW_STOCK = 10  # at or below this, bonded stock shows "low stock, only N left"


def price_label(price_min: Decimal, price_max: Decimal, sort: str = "") -> str:
    """ "¥238.00" when every SKU costs the same, else "¥129.00 起" / "from ¥129.00".

    Sorted by price high to low (which orders by the dearest SKU), the dearest price is the one
    shown, "最高 ¥238.00" / "up to ¥238.00", so the figures on the page run in the sort order.
    """
    if price_min == price_max:
        return format_cny(price_min)
    if sort == "price_desc":
        return _("up to %(price)s") % {"price": format_cny(price_max)}
    return _("from %(price)s") % {"price": format_cny(price_min)}


def net_content(value: Decimal, unit: str) -> str:
    """format_content with pieces counted in words: "30 pieces" / "30 件"."""
    if unit == "piece":
        count = value.normalize()
        return ngettext("%(count)s piece", "%(count)s pieces", 1 if count == 1 else 2) % {
            "count": f"{count:f}"
        }
    return format_content(value, unit)


def content_with_conversions(value: Decimal, unit: str) -> str:
    """e.g. "900 g ≈ 31.7 oz ≈ 1.98 lb"; pieces and unknown units have no conversion."""
    parts = [net_content(value, unit)]
    parts += [f"{amount} {name}" for amount, name in conversions(value, unit)]
    return " ≈ ".join(parts)


# Chinese unit words merchants write in variant names, as the symbols format_content uses.
_UNIT_WORDS = [("千克", "kg"), ("公斤", "kg"), ("毫升", "ml"), ("克", "g"), ("升", "l")]


def variant_names_content(name: str, value: Decimal, unit: str) -> bool:
    """True when a variant name says no more than its net content ("900克", "750 ml"), so it
    need not be repeated next to the content."""

    def norm(text: str) -> str:
        text = "".join(text.split()).lower()
        for word, symbol in _UNIT_WORDS:
            text = text.replace(word, symbol)
        return text

    return norm(name) == norm(format_content(value, unit))


def shelf_life_text(days: int | None) -> str:
    """e.g. "730 days (about 2 years)", "540 days (about 18 months)", "45 days"."""
    if not days:
        return ""
    in_days = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    years = round(days / 365)
    if years >= 1 and abs(days - years * 365) <= 3:
        approx = ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    elif days >= 60:
        months = round(days / 30.4375)
        approx = ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    else:
        return in_days
    return _("%(days)s (about %(approx)s)") % {"days": in_days, "approx": approx}


@dataclass(frozen=True)
class StageInfo:
    age_range: str
    pack_stage: str
    cn_equivalent: str  # "" when no Chinese formula standard covers the range


def stage_info(product) -> StageInfo | None:
    """Age range, the stage printed on the pack and the Chinese GB stage it corresponds to."""
    if product.age_min_months is None and not product.stage_label:
        return None
    english = is_english(get_language())
    age = age_range_label(product.age_min_months, product.age_max_months, english)
    stage = cn_stage_for(product.age_min_months, product.age_max_months)
    equivalent = ""
    if stage is not None:
        label = stage.label_en if english else stage.label_zh
        # The labels end with the age range in brackets, already shown on its own line.
        label = label.split(" (")[0].split("（")[0]
        equivalent = _("Equivalent to Chinese national standard %(stage)s (%(standard)s)") % {
            "stage": label,
            "standard": stage.standard,
        }
    elif product.stage_label:
        equivalent = _(
            "No Chinese infant-formula standard (GB 10765/10766/10767) covers this age range."
        )
    return StageInfo(age_range=age, pack_stage=product.stage_label, cn_equivalent=equivalent)


@dataclass(frozen=True)
class WarehouseStock:
    name: str
    kind: str  # bonded | showroom
    level: str  # in | low | out | display | none
    label: str
    hint: str
    promise: str = ""  # "ships within 24 h of payment" where it has stock to ship


def warehouse_stock(rows: list[dict]) -> list[WarehouseStock]:
    """stock_by_warehouse() rows as shopper-facing status lines."""
    out = []
    for row in rows:
        warehouse, available = row["warehouse"], max(int(row["available"] or 0), 0)
        if not warehouse.sellable:
            if available:
                level, label = "display", _("On display in the showroom")
                hint = _("Not sold from display; orders ship from the bonded warehouse.")
            else:
                level, label, hint = "none", _("Not on display right now"), ""
        elif available <= 0:
            level, label, hint = "out", _("Out of stock"), ""
        elif available <= LOW_STOCK:
            level, label = "low", _("Low stock")
            hint = ngettext("Only %(count)d left", "Only %(count)d left", available) % {
                "count": available
            }
        else:
            level, label = "in", _("In stock")
            hint = _("More than %(count)d available") % {"count": LOW_STOCK}
        promise = ""
        if level in ("in", "low") and warehouse.dispatch_hours:
            promise = _("Ships within %(hours)d h of payment") % {"hours": warehouse.dispatch_hours}
        out.append(WarehouseStock(warehouse.name(), warehouse.kind, level, label, hint, promise))
    return out


def size_guide_rows(rows) -> list[tuple[str, str]]:
    """product.size_guide ({size, fits_zh, fits_en} objects) as (size, fits) in this language."""
    english = is_english(get_language())
    out = []
    for row in rows or []:
        if not isinstance(row, dict) or not row.get("size"):
            continue
        zh, en = row.get("fits_zh") or "", row.get("fits_en") or ""
        out.append((str(row["size"]), (en or zh) if english else (zh or en)))
    return out


def initials(name: str) -> str:
    """Brand initials for the placeholder image: "Kiwi Gold" -> "KG"."""
    words = [w for w in name.replace("-", " ").split() if w]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper() if words[0].isascii() else words[0][:1]
    return "".join(w[0] for w in words[:2]).upper()
