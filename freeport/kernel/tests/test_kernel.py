from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.kernel import crypto
from freeport.kernel.gtin import is_valid_gtin, make_gtin13
from freeport.kernel.money import format_cny, round_fen, to_decimal


@pytest.mark.parametrize(
    "raw, expected",
    [("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-0.005", "-0.01"), ("9.1", "9.10")],
)
def test_round_fen_is_half_up(raw, expected):
    assert round_fen(Decimal(raw)) == Decimal(expected)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_decimal(0.1)
    with pytest.raises(ValueError):
        to_decimal("ten")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6))
def test_round_fen_is_within_half_a_fen(amount):
    rounded = round_fen(amount)
    assert abs(rounded - amount) <= Decimal("0.005")
    assert rounded.as_tuple().exponent == -2


def test_format_cny():
    assert format_cny(Decimal("1234.5")) == "¥1,234.50"


@given(st.text(min_size=12, max_size=12, alphabet="0123456789"))
def test_generated_gtins_are_valid_and_any_digit_change_breaks_them(body):
    code = make_gtin13(body)
    assert is_valid_gtin(code)
    for i in range(13):
        for d in "0123456789":
            if d != code[i]:
                assert not is_valid_gtin(code[:i] + d + code[i + 1 :])


@pytest.mark.parametrize(
    "code, ok",
    [("9300605000016", False), ("4006381333931", True), ("96385074", True), ("ABC", False)],
)
def test_gtin_examples(code, ok):
    assert is_valid_gtin(code) is ok


def test_encryption_round_trip_and_rotation(settings):
    token = crypto.encrypt("张三 13800138000")
    assert "张三" not in token and token.startswith("v1:")
    assert crypto.decrypt(token) == "张三 13800138000"
    assert crypto.encrypt("x") != crypto.encrypt("x")  # random nonce
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = ["bmV3LWtleS1mb3ItZnJlZXBvcnQtcm90YXRpb24hISE=", *old_keys]
    assert crypto.decrypt(token) == "张三 13800138000"  # old key still reads
    assert crypto.encrypt("y").split(":")[1] != token.split(":")[1]  # new key writes
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    with pytest.raises(KeyError):
        crypto.decrypt(token)


def test_tampered_ciphertext_is_rejected():
    from cryptography.exceptions import InvalidTag

    token = crypto.encrypt("secret")
    prefix, key_id, payload = token.split(":")
    flipped = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")
    with pytest.raises((InvalidTag, ValueError)):
        crypto.decrypt(f"{prefix}:{key_id}:{flipped}")


@pytest.mark.parametrize(
    "value, a, b, expected",
    [
        ("13800138000", 3, 4, "138****8000"),
        ("张三", 1, 0, "张*"),
        ("王小明", 1, 0, "王**"),
        ("", 1, 1, ""),
    ],
)
def test_mask(value, a, b, expected):
    assert crypto.mask(value, a, b) == expected


def test_fullwidth_digits_are_not_a_gtin():
    assert not is_valid_gtin("４００６３８１３３３９３１")
