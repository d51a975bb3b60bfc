"""Money: CNY amounts are Decimal, rounded once to the fen.

Rule (cbec-rules.md D1): compute at full Decimal precision, round each figure once to 0.01 CNY
with ROUND_HALF_UP. Floats are refused so that binary rounding never leaks into prices.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")


def to_decimal(value) -> Decimal:
    """Parse a price-like value (str, int or Decimal) into Decimal; floats are refused."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a string or Decimal")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a decimal number: {value!r}") from exc


def round_fen(amount: Decimal) -> Decimal:
    """The one rounding rule for CNY: half-up to the fen (cbec-rules.md D1)."""
    return to_decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def format_cny(amount: Decimal) -> str:
    return f"¥{round_fen(amount):,.2f}"
