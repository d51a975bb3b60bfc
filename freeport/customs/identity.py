"""Buyer identity rules (pure): the resident ID number (GB 11643-1999) and who may buy.

CBEC orders name the buyer (订购人) by real name and ID number (CEB311 buyerIdType 1); the buyer
must be an adult and, as identity is not authenticated by an authority here, the payer must be the
buyer (cbec-rules.md §7). The check digit is ISO 7064 MOD 11-2: S = Σ a_i·w_i over the first 17
digits with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; check = "10X98765432"[S mod 11].
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from freeport.kernel.blind_index import blind_index

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
ADULT_AGE = 18
# First two digits: provinces, autonomous regions and municipalities (GB/T 2260), plus 71
# (Taiwan), 81 (Hong Kong), 82 (Macao) and 83 (residence permits for Taiwan residents).
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
}  # fmt: skip
ID_RE = re.compile(r"^\d{17}[\dX]$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

MESSAGES = {
    "format": _("An ID number has 18 characters: 17 digits and a digit or X."),
    "region": _("The first six digits are not a valid region code."),
    "birth_date": _("Digits 7–14 are not a valid date of birth."),
    "check_digit": _(
        "The last character does not match the check digit: please re-check the number."
    ),
    "minor": _("The buyer must be at least 18 years old."),
    "mobile": _("Enter an 11-digit mainland mobile number starting with 1."),
    "name": _("Enter the buyer's real name as on the ID card (2–30 characters)."),
}


@dataclass(frozen=True)
class IdCheck:
    ok: bool
    code: str = ""
    birth_date: date | None = None

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) if self.code else ""


def normalize_id(raw: str) -> str:
    return raw.strip().replace(" ", "").upper()


def id_index_of(id_number: str) -> str:
    """Keyed hash of the normalised ID number: the per-person key of buyers and quota."""
    return blind_index(normalize_id(id_number), "cn-resident-id")


def check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date_of(number: str) -> date | None:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if born.year >= 1900 else None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def check_id_number(raw: str, today: date) -> IdCheck:
    """Validate an ID number; name the first failing check (format, region, date, digit, age)."""
    number = normalize_id(raw)
    if not ID_RE.fullmatch(number):
        return IdCheck(False, "format")
    if number[:2] not in PROVINCES or number[2:4] == "00":
        return IdCheck(False, "region")
    born = birth_date_of(number)
    if born is None or born > today:
        return IdCheck(False, "birth_date")
    if check_digit(number[:17]) != number[17]:
        return IdCheck(False, "check_digit", born)
    if age_on(born, today) < ADULT_AGE:
        return IdCheck(False, "minor", born)
    return IdCheck(True, "", born)


def check_mobile(raw: str) -> bool:
    return bool(MOBILE_RE.fullmatch(raw.strip().replace(" ", "")))


def check_name(raw: str) -> bool:
    name = raw.strip()
    return 2 <= len(name) <= 30 and not any(c.isdigit() for c in name)


def mask_id(number: str) -> str:
    """110***********123X: region prefix and last four kept (as on customs and bank screens)."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:] if len(number) > 7 else "*" * 4


def payer_is_buyer(buyer_id_index: str, payer_id_index: str) -> bool:
    """Identity is not authenticated by an authority here, so payer and buyer must be one person."""
    return bool(buyer_id_index) and buyer_id_index == payer_id_index
