import io
import logging
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from freeport.customs import selectors, services
from freeport.customs.models import Buyer, QuotaEntry
from freeport.kernel.logging import mask_personal_data
from freeport.kernel.models import AuditLog

ID = "110105199003071239"
TODAY = date(2026, 11, 25)


@pytest.fixture
def shopper(db):
    return get_user_model().objects.create_user("amy", password="x-long-password-1")


@pytest.fixture
def other(db):
    return get_user_model().objects.create_user("bob", password="x-long-password-2")


def register(user, **kw):
    data = {"name": "王小明", "id_number": ID, "mobile": "13800138000", "today": TODAY} | kw
    return services.buyer_register(user=user, **data)


def test_buyer_is_stored_encrypted_and_shown_masked(shopper):
    buyer = register(shopper)
    with connection.cursor() as cur:
        cur.execute("SELECT name, id_number, mobile FROM customs_buyer")
        raw = cur.fetchone()
    assert all(v.startswith("v1:") for v in raw)
    assert ID not in "".join(raw) and "王小明" not in "".join(raw)
    fresh = Buyer.objects.get(id=buyer.id)
    assert fresh.id_number == ID
    assert (fresh.masked_id, fresh.masked_name, fresh.masked_mobile) == (
        "110***********1239", "王**", "138****8000",
    )  # fmt: skip


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"id_number": "110105199003071238"}, "id_number"),
        ({"id_number": "110105201003071230"}, "id_number"),
        ({"mobile": "12345"}, "mobile"),
        ({"name": "A"}, "name"),
    ],
)
def test_bad_buyer_names_the_field_and_saves_nothing(shopper, kw, field):
    with pytest.raises(services.BuyerError) as exc:
        register(shopper, **kw)
    assert field in exc.value.errors
    assert Buyer.objects.count() == 0


def test_same_buyer_twice_on_one_account_is_refused(shopper):
    register(shopper)
    with pytest.raises(services.BuyerError) as exc:
        register(shopper, id_number=ID.lower())
    assert "id_number" in exc.value.errors


def test_quota_is_per_person_across_accounts(shopper, other):
    a, b = register(shopper), register(other)
    assert a.id_index == b.id_index
    at = datetime(2026, 6, 1, tzinfo=UTC)
    assert services.quota_record_order(
        id_index=a.id_index, reference="O1", amount=D("300.00"), at=at
    )
    assert services.quota_record_order(
        id_index=b.id_index, reference="O2", amount=D("200.00"), at=at
    )
    # recording the same order again changes nothing
    assert not services.quota_record_order(
        id_index=a.id_index, reference="O1", amount=D("300.00"), at=at
    )
    assert selectors.quota_summary(b.id_index, at) == {
        "used": D("500.00"),
        "remaining": D("25500.00"),
    }
    services.quota_restore_return(
        id_index=a.id_index, reference="R1", amount=D("200.00"), year=2026
    )
    services.quota_restore_return(
        id_index=a.id_index, reference="R1", amount=D("200.00"), year=2026
    )
    assert selectors.quota_used(a.id_index, at) == D("300.00")


def test_quota_year_is_china_time(shopper):
    buyer = register(shopper)
    # 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in China
    late = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    services.quota_record_order(id_index=buyer.id_index, reference="NY", amount=D("99.00"), at=late)
    assert QuotaEntry.objects.get(reference="NY").year == 2027
    assert selectors.quota_used(buyer.id_index, datetime(2026, 12, 1, tzinfo=UTC)) == 0


def test_staff_read_of_the_clear_id_is_audited(shopper, other):
    buyer = register(shopper)
    with pytest.raises(services.BuyerError):
        services.buyer_reveal(actor=other, buyer=buyer, reason=" ")
    assert AuditLog.objects.count() == 0
    assert services.buyer_reveal(actor=other, buyer=buyer, reason="customs query 42") == ID
    log = AuditLog.objects.get()
    assert (log.actor, log.action, log.object_id) == (
        other,
        "buyer.reveal_id_number",
        str(buyer.id),
    )
    assert ID not in str(log.__dict__)


def test_buyer_delete_only_own(shopper, other):
    buyer = register(shopper)
    assert not services.buyer_delete(user=other, buyer_id=buyer.id)
    assert services.buyer_delete(user=shopper, buyer_id=buyer.id)


def test_logs_never_carry_id_or_mobile_in_clear(caplog):
    assert mask_personal_data(f"buyer {ID} phone 13800138000") == (
        "buyer 110***********1239 phone 138****8000"
    )
    from freeport.kernel.logging import PersonalDataFilter

    logger = logging.getLogger("freeport.test")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="freeport.test"):
        logger.info("registering %s", ID)
    assert ID not in caplog.text and "110***********1239" in caplog.text


def test_key_rotation_with_reencryption(shopper, settings):
    buyer = register(shopper)
    with connection.cursor() as cur:
        cur.execute("SELECT id_number FROM customs_buyer")
        before = cur.fetchone()[0]
    settings.FIELD_ENCRYPTION_KEYS = [
        "bmV3LWtleS1mb3ItZnJlZXBvcnQtcm90YXRpb24hISE=",
        *settings.FIELD_ENCRYPTION_KEYS,
    ]
    settings.BLIND_INDEX_KEY = "rotated-blind-index-key"
    call_command("reencrypt_personal_data", stdout=open("/dev/null", "w"))
    with connection.cursor() as cur:
        cur.execute("SELECT id_number FROM customs_buyer")
        after = cur.fetchone()[0]
    assert before.split(":")[1] != after.split(":")[1]  # written with the new key
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # old key dropped
    fresh = Buyer.objects.get(id=buyer.id)
    assert fresh.id_number == ID
    assert fresh.id_index == services.id_index_of(ID) != buyer.id_index


def test_blind_index_rotation_keeps_the_quota_ledger(shopper, settings):
    buyer = register(shopper)
    at = datetime(2026, 6, 1, tzinfo=UTC)
    services.quota_record_order(id_index=buyer.id_index, reference="O1", amount=D("300.00"), at=at)
    QuotaEntry.objects.create(  # a person whose buyer record is gone: nothing re-keys it
        id_index="0" * 64, year=2026, kind="order", reference="GONE", amount=D("1.00")
    )
    settings.BLIND_INDEX_KEY = "rotated-blind-index-key"
    out, err = io.StringIO(), io.StringIO()
    call_command("reencrypt_personal_data", stdout=out, stderr=err)
    new_index = Buyer.objects.get(id=buyer.id).id_index
    assert new_index != buyer.id_index
    assert QuotaEntry.objects.get(reference="O1").id_index == new_index
    assert selectors.quota_used(new_index, at) == D("300.00")  # the allowance used is kept
    assert "customs.QuotaEntry: 1 rows re-keyed" in out.getvalue()
    assert "1 rows keep an index no source row explains" in err.getvalue()
