"""The order state machine (pure)."""

import pytest

from freeport.orders import states


@pytest.mark.parametrize(
    ("state", "event", "after"),
    [
        ("pending_payment", "pay", "paid"),
        ("pending_payment", "expire", "cancelled"),
        ("paid", "declare", "declared"),
        ("declared", "inspect", "inspection"),
        ("inspection", "clear", "cleared"),
        ("declared", "reject", "rejected"),
        ("rejected", "declare", "declared"),
        ("cleared", "pick", "picking"),
        ("picking", "ship", "shipped"),
        ("shipped", "deliver", "delivered"),
        ("delivered", "complete", "completed"),
        ("paid", "cancel", "refunding"),
        ("refunding", "refund", "refunded"),
    ],
)
def test_legal_transitions(state, event, after):
    assert states.apply(state, event) == after


@pytest.mark.parametrize(
    ("state", "event"),
    [
        ("pending_payment", "ship"),
        ("paid", "pay"),  # paying twice is not a transition: payments apply it idempotently
        ("cancelled", "pay"),  # a cancelled order is never revived
        ("shipped", "cancel"),  # goods on the road: that is a return, not a cancellation
        ("completed", "refund"),
        ("refunded", "refund"),
        ("paid", "nonsense"),
    ],
)
def test_illegal_transitions_raise(state, event):
    with pytest.raises(states.IllegalTransition) as info:
        states.apply(state, event)
    assert info.value.state == state and info.value.event == event


def test_terminal_states_have_no_way_out():
    for state in states.TERMINAL:
        assert states.events_from(state) == ()
    for state in set(states.STATES) - states.TERMINAL:
        assert states.events_from(state), state


def test_every_state_is_reachable_from_pending_payment():
    seen, todo = {states.PENDING_PAYMENT}, [states.PENDING_PAYMENT]
    while todo:
        state = todo.pop()
        for event in states.events_from(state):
            after = states.apply(state, event)
            if after not in seen:
                seen.add(after)
                todo.append(after)
    assert seen == set(states.STATES)
