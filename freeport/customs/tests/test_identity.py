from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.customs.identity import (
    check_digit,
    check_id_number,
    check_mobile,
    check_name,
    mask_id,
    payer_is_buyer,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    "number, ok, code",
    [
        ("110105199003071239", True, ""),  # cbec-rules.md §7 worked example (male)
        ("110105199003071247", True, ""),  # female
        ("11010519491231002X", True, ""),  # GB 11643 example with X
        ("11010519491231002x", True, ""),  # lower-case x is normalised
        ("440524188001010014", False, "birth_date"),  # check digit right, but born 1880
        ("110105199003071238", False, "check_digit"),
        ("11010519900307123", False, "format"),
        ("1101051990030712399", False, "format"),
        ("11010519900307123A", False, "format"),
        ("990105199003071230", False, "region"),
        ("110005199003071237", False, "region"),
        ("110105199002301239", False, "birth_date"),  # 30 February
        ("110105203001011234", False, "birth_date"),  # in the future
    ],
)
def test_id_number_checks(number, ok, code):
    result = check_id_number(number, TODAY)
    assert (result.ok, result.code) == (ok, code)
    if not ok:
        assert result.message


def _valid(first17: str) -> str:
    return first17 + check_digit(first17)


def test_adulthood_boundary():
    turns_18_today = _valid("11010520081125123")
    turns_18_tomorrow = _valid("11010520081126123")
    assert check_id_number(turns_18_today, TODAY).ok
    assert check_id_number(turns_18_tomorrow, TODAY).code == "minor"


@given(st.integers(0, 10**17 - 1))
def test_any_single_digit_change_is_caught(n):
    body = "110105" + "19900307" + f"{n % 1000:03d}"
    number = _valid(body)
    assert check_id_number(number, TODAY).ok
    for i in range(14, 17):  # change a sequence digit: check digit must catch it
        for d in "0123456789":
            if d != number[i]:
                changed = number[:i] + d + number[i + 1 :]
                assert check_id_number(changed, TODAY).code == "check_digit"


def test_masking_and_other_fields():
    assert mask_id("11010519491231002X") == "110***********002X"
    assert check_mobile("138 0013 8000") and not check_mobile("12800138000")
    assert check_name("张三") and not check_name("张") and not check_name("张3")
    assert payer_is_buyer("abc", "abc") and not payer_is_buyer("abc", "abd")
    assert not payer_is_buyer("", "")
