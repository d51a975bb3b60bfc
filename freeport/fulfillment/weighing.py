"""Pack check: the parcel's weight against the catalog weights (pure).

expected = sum(gross weight x quantity) + packaging allowance. The scale reading may differ by
max(tolerance % of expected, minimum tolerance): beyond it the packer recounts before the label
is printed (a missing or extra unit is the commonest packing error and changes the declared
goods). Settings: FULFILLMENT_WEIGHT_TOLERANCE_PERCENT, FULFILLMENT_WEIGHT_TOLERANCE_MIN_KG,
FULFILLMENT_PACKAGING_KG.
"""

from dataclasses import dataclass
from decimal import Decimal

OK = "ok"
TOO_LIGHT = "too_light"
TOO_HEAVY = "too_heavy"


@dataclass(frozen=True)
class WeightCheck:
    verdict: str
    expected_kg: Decimal
    measured_kg: Decimal
    tolerance_kg: Decimal

    @property
    def ok(self) -> bool:
        return self.verdict == OK


def expected_weight(lines, packaging_kg: Decimal) -> Decimal:
    """`lines`: (gross weight per unit in kg, quantity) pairs."""
    return sum((Decimal(w) * q for w, q in lines), Decimal("0")) + packaging_kg


def check(
    *, expected_kg: Decimal, measured_kg: Decimal, tolerance_percent: Decimal,
    tolerance_min_kg: Decimal,
) -> WeightCheck:  # fmt: skip
    if measured_kg <= 0:
        raise ValueError("measured weight must be positive")
    tolerance = max(expected_kg * tolerance_percent / 100, tolerance_min_kg).quantize(
        Decimal("0.001")
    )
    difference = measured_kg - expected_kg
    verdict = OK
    if difference < -tolerance:
        verdict = TOO_LIGHT
    elif difference > tolerance:
        verdict = TOO_HEAVY
    return WeightCheck(verdict, expected_kg, measured_kg, tolerance)
