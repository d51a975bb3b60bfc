"""The notification format and its signature (pure: no database)."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from freeport.payments import notices
from freeport.payments.notices import Notice, NoticeError

AT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
NOTICE = Notice(
    notify_id="SBN1",
    reference="PAY1",
    transaction_id="SBX1",
    status="succeeded",
    amount=Decimal("238.00"),
    currency="CNY",
    paid_at=AT,
    sent_at=AT,
)


@pytest.fixture(scope="module")
def key():
    return notices.key_generate()


def fields(**changes) -> bytes:
    data = json.loads(notices.notice_body(NOTICE)) | changes
    return json.dumps({k: v for k, v in data.items() if v is not ...}).encode()


def test_body_round_trips():
    body = notices.notice_body(NOTICE)
    assert json.loads(body)["amount"] == "238.00"  # a string, never a float
    assert notices.notice_parse(body) == NOTICE
    assert notices.notice_id_of(body) == "SBN1"


def test_a_failed_payment_has_no_paid_at():
    failed = Notice(**{**NOTICE.__dict__, "status": "failed", "paid_at": None})
    assert notices.notice_parse(notices.notice_body(failed)).paid_at is None


@pytest.mark.parametrize(
    "body, field",
    [
        (b"not json", ""),
        (b"\xff\xfe", ""),
        (b"[1, 2]", ""),
        (fields(amount=238.0), "amount"),  # a JSON number: floats never carry money
        (fields(amount="238"), "amount"),
        (fields(amount="238.001"), "amount"),
        (fields(amount="-1.00"), "amount"),
        (fields(currency="cny"), "currency"),
        (fields(status="paid"), "status"),
        (fields(paid_at="2026-11-30T08:00:00"), "paid_at"),  # no offset
        (fields(paid_at=None), "paid_at"),  # succeeded needs it
        (fields(sent_at="yesterday"), "sent_at"),
        (fields(out_trade_no="PAY 1; drop"), "out_trade_no"),
        (fields(notify_id=...), "notify_id"),
        (fields(transaction_id=12), "transaction_id"),
        (b"{" + b" " * notices.MAX_BODY_BYTES + b"}", ""),
    ],
)
def test_malformed_bodies_name_the_field(body, field):
    with pytest.raises(NoticeError) as err:
        notices.notice_parse(body)
    assert err.value.code == "malformed_notification" and err.value.field == field


def test_signature_covers_every_byte(key):
    body = notices.notice_body(NOTICE)
    signature = notices.sign(key, body)
    public = notices.load_public(notices.public_pem(key))
    assert notices.verify(public, body, signature)
    assert not notices.verify(public, body.replace(b"238.00", b"238.01"), signature)
    assert not notices.verify(public, body + b" ", signature)
    other = notices.key_generate()
    assert not notices.verify(public, body, notices.sign(other, body))
    assert not notices.verify(public, body, "not base64!")
    assert not notices.verify(public, body, "")


def test_keys_round_trip_through_pem(key):
    again = notices.load_private(notices.private_pem(key))
    assert notices.public_pem(again) == notices.public_pem(key)
    with pytest.raises(ValueError):
        notices.load_public("-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----\n")
