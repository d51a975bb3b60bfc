import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from freeport.kernel.db import insert_or_skip
from freeport.kernel.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _message(key, topic="t"):
    return OutboxMessage(key=key, topic=topic, payload={"n": 1}, next_attempt_at=timezone.now())


def test_inserts_once_in_one_statement_and_says_so():
    first = _message("k1")
    with CaptureQueriesContext(connection) as queries:
        assert insert_or_skip(first) is True
    assert len(queries) == 1 and "SAVEPOINT" not in queries[0]["sql"]
    assert first.pk == OutboxMessage.objects.get(key="k1").pk
    assert first._state.adding is False

    again = _message("k1", topic="other")
    assert insert_or_skip(again) is False
    assert again.pk is None
    stored = OutboxMessage.objects.get(key="k1")
    assert (stored.topic, OutboxMessage.objects.count()) == ("t", 1)  # the first one kept


def test_a_conflict_leaves_the_transaction_usable():
    with transaction.atomic():
        assert insert_or_skip(_message("k2"))
        assert not insert_or_skip(_message("k2"))
        # PostgreSQL would refuse every later statement if the INSERT had failed
        assert insert_or_skip(_message("k3"))
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {"k2", "k3"}


def test_fields_pre_save_runs():
    message = _message("k4")
    insert_or_skip(message)
    assert OutboxMessage.objects.get(pk=message.pk).created_at is not None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite before 3.35 lacks RETURNING")
def test_without_returning_it_falls_back_to_a_savepoint(monkeypatch):
    """SQLite before 3.35 has no RETURNING: a skipped row must not borrow an earlier id."""
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    first = _message("k5")
    assert insert_or_skip(first) is True and first.pk is not None
    again = _message("k5")
    assert insert_or_skip(again) is False and again.pk is None
    assert OutboxMessage.objects.filter(key="k5").count() == 1
