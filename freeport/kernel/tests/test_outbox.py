from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from freeport.kernel import outbox
from freeport.kernel.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered():
    """A test topic whose handler records deliveries and fails while `failing` is set."""
    calls, state = [], {"failing": False}

    def handler(key, payload):
        if state["failing"]:
            raise ConnectionError("gateway down")
        calls.append((key, payload))

    outbox.register("test.effect", handler)
    yield calls, state
    outbox._handlers.pop("test.effect", None)


def test_backoff_doubles_and_is_capped():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox.backoff(30) == timedelta(hours=1)


def test_same_key_enqueued_twice_keeps_one_message(delivered):
    outbox.outbox_put(topic="test.effect", key="K1", payload={"n": 1})
    outbox.outbox_put(topic="test.effect", key="K1", payload={"n": 2})
    assert OutboxMessage.objects.count() == 1
    assert outbox.outbox_dispatch() == {"done": 1, "retry": 0, "dead": 0}
    assert delivered[0] == [("K1", {"n": 1})]


def test_rolled_back_transaction_enqueues_nothing(delivered):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.outbox_put(topic="test.effect", key="K1", payload={})
        raise RuntimeError("the state change failed")
    assert not OutboxMessage.objects.exists()


def test_done_message_is_not_delivered_again(delivered):
    outbox.outbox_put(topic="test.effect", key="K1", payload={})
    outbox.outbox_dispatch()
    outbox.outbox_dispatch(now=timezone.now() + timedelta(days=1))
    assert len(delivered[0]) == 1
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.DONE


def test_failure_is_retried_after_backoff_then_delivered_once(delivered):
    calls, state = delivered
    outbox.outbox_put(topic="test.effect", key="K1", payload={})
    state["failing"] = True
    now = timezone.now()
    assert outbox.outbox_dispatch(now=now) == {"done": 0, "retry": 1, "dead": 0}
    message = OutboxMessage.objects.get()
    assert message.last_error == "ConnectionError: gateway down"
    assert message.next_attempt_at == now + timedelta(seconds=30)
    state["failing"] = False
    # not due yet: nothing happens before the back-off has passed
    assert outbox.outbox_dispatch(now=now + timedelta(seconds=29))["done"] == 0
    assert outbox.outbox_dispatch(now=now + timedelta(seconds=30))["done"] == 1
    assert calls == [("K1", {})]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("done", 2, "")


def test_gives_up_after_max_attempts(delivered, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    delivered[1]["failing"] = True
    outbox.outbox_put(topic="test.effect", key="K1", payload={})
    now = timezone.now()
    results = [outbox.outbox_dispatch(now=now + timedelta(hours=i)) for i in range(4)]
    assert [r["dead"] for r in results] == [0, 0, 1, 0]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.DEAD


def test_unknown_topic_is_kept_with_the_reason():
    outbox.outbox_put(topic="nobody.listens", key="K9", payload={})
    assert outbox.outbox_dispatch()["retry"] == 1
    assert "no handler registered" in OutboxMessage.objects.get().last_error


def test_a_crashed_dispatcher_lease_expires_and_the_message_is_retried(delivered):
    outbox.outbox_put(topic="test.effect", key="K1", payload={})
    now = timezone.now()
    # a dispatcher claims the message and dies before calling the handler or recording anything
    assert outbox._claim(OutboxMessage.objects.get().pk, now) is not None
    assert outbox.outbox_dispatch(now=now)["done"] == 0  # leased: nobody else takes it
    later = now + timedelta(seconds=outbox.LEASE_SECONDS)
    assert outbox.outbox_dispatch(now=later)["done"] == 1
    assert len(delivered[0]) == 1


def test_operator_sees_dead_messages_and_retries_them(client, django_user_model):
    from freeport.console import services as console

    console.roles_ensure()
    operator = console.staff_create(username="olga", password="pw-olga-123", role="operator")
    dead = OutboxMessage.objects.create(
        topic="customs.submit", key="customs:X", status="dead", attempts=12,
        next_attempt_at=timezone.now(), last_error="GatewayUnavailable: down",
    )  # fmt: skip
    client.force_login(operator)
    listing = client.get("/admin/kernel/outboxmessage/?status=dead")
    assert listing.status_code == 200 and b"customs:X" in listing.content
    response = client.post(
        "/admin/kernel/outboxmessage/",
        {"action": "retry_now", "_selected_action": [dead.pk]},
    )
    assert response.status_code == 302
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == ("pending", 0)
    assert client.post(f"/admin/kernel/outboxmessage/{dead.pk}/delete/").status_code == 403


def test_a_topic_with_two_handlers_calls_both_in_order(delivered):
    seen = []

    def second(key, payload):
        seen.append(key)

    outbox.register("test.effect", second)
    outbox.register("test.effect", second)  # registering twice keeps one
    outbox.outbox_put(topic="test.effect", key="K9", payload={})
    assert outbox.outbox_dispatch()["done"] == 1
    assert delivered[0] == [("K9", {})] and seen == ["K9"]
