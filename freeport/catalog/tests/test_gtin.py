"""GS1 check digits (kernel/gtin.py), as the import relies on them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.kernel.gtin import gtin_check_digit, is_valid_gtin, make_gtin13

bodies = st.text(alphabet="0123456789", min_size=12, max_size=12)


@pytest.mark.parametrize(
    "code",
    ["4006381333931", "96385074", "036000291452", "00012345600012", "9421902960055"],
)
def test_known_valid_codes(code):
    assert is_valid_gtin(code)


@pytest.mark.parametrize(
    "code", ["4006381333932", "96385075", "", "40063813339", "400638133393a", "400638133393 "]
)
def test_known_invalid_codes(code):
    assert not is_valid_gtin(code)


@given(bodies)
def test_make_gtin13_is_always_valid(body):
    code = make_gtin13(body)
    assert len(code) == 13
    assert code.startswith(body)
    assert is_valid_gtin(code)


@given(bodies, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_detected(body, position, delta):
    code = make_gtin13(body)
    digit = (int(code[position]) + delta) % 10
    changed = code[:position] + str(digit) + code[position + 1 :]
    assert changed != code
    assert not is_valid_gtin(changed)


@given(st.text(alphabet="0123456789", min_size=1, max_size=13))
def test_check_digit_is_a_digit(body):
    assert 0 <= gtin_check_digit(body) <= 9
