"""Net-content units and conversions shown to shoppers (pure).

Exact factors: 1 US fl oz = 29.5735295625 ml; 1 oz (avoirdupois) = 28.349523125 g;
1 lb = 453.59237 g (NIST Handbook 44, Appendix C).
"""

from decimal import ROUND_HALF_UP, Decimal

UNITS = {"ml", "l", "g", "kg", "piece"}
VOLUME_TO_ML = {"ml": Decimal(1), "l": Decimal(1000)}
MASS_TO_G = {"g": Decimal(1), "kg": Decimal(1000)}
ML_PER_FL_OZ = Decimal("29.5735295625")
G_PER_OZ = Decimal("28.349523125")
G_PER_LB = Decimal("453.59237")


def base_quantity(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """Net content in the tax engine's base units: ml, g or piece."""
    if unit in VOLUME_TO_ML:
        return value * VOLUME_TO_ML[unit], "ml"
    if unit in MASS_TO_G:
        return value * MASS_TO_G[unit], "g"
    if unit == "piece":
        return value, "piece"
    raise ValueError(f"unknown unit {unit!r}")


def _one_decimal(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def conversions(value: Decimal, unit: str) -> list[tuple[Decimal, str]]:
    """Equivalent amounts in the units overseas packs use (fl oz, oz, lb)."""
    amount, base = base_quantity(value, unit)
    if base == "ml":
        return [(_one_decimal(amount / ML_PER_FL_OZ), "fl oz")]
    if base == "g":
        out = [(_one_decimal(amount / G_PER_OZ), "oz")]
        if amount >= 450:
            out.append(((amount / G_PER_LB).quantize(Decimal("0.01"), ROUND_HALF_UP), "lb"))
        return out
    return []


def format_content(value: Decimal, unit: str) -> str:
    text = f"{value.normalize():f}"
    return f"{text} {'L' if unit == 'l' else unit}"
