"""Returns: pure rules (window, restored value) and the CEB625 flow through the simulator."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from freeport.customs import declarations, messages, returns
from freeport.customs.gateway import get_gateway
from freeport.customs.messages.inputs import ReturnDeclaration, ReturnLine
from freeport.customs.models import CustomsReturn, QuotaEntry
from freeport.customs.selectors import quota_used

from .factories import order_declaration
from .test_declarations import FAST, run

LINES = [
    returns.DeclaredLine(1, Decimal("238.00"), Decimal("2")),
    returns.DeclaredLine(2, Decimal("1299.00"), Decimal("1")),
]


def test_application_window_is_30_days_and_arrival_45_from_release():
    released = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    assert returns.application_deadline(released) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert returns.arrival_deadline(released) == datetime(2026, 12, 16, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "returned, problem",
    [
        ({}, "no line returned"),
        ({3: Decimal(1)}, "line 3: not in the inventory list"),
        ({1: Decimal(3)}, "line 1: quantity 3 outside 1..2"),
        ({1: Decimal(0)}, "line 1: quantity 0 outside 1..2"),
    ],
)
def test_bad_return_lines_are_named(returned, problem):
    assert returns.check_lines(LINES, returned) == [problem]


def test_restored_value_includes_the_lines_share_of_freight():
    # goods 476 + 1299 = 1775; freight 10 split 2.68 / 7.32 by goods value
    assert returns.restored_value(LINES, Decimal("10.00"), {1: Decimal(2), 2: Decimal(1)}) == (
        Decimal("1785.00")
    )
    assert returns.restored_value(LINES, Decimal("10.00"), {2: Decimal(1)}) == Decimal("1306.32")
    assert returns.restored_value(LINES, Decimal("10.00"), {1: Decimal(1)}) == Decimal("239.34")


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)


@given(
    prices=st.lists(money, min_size=1, max_size=5),
    qtys=st.lists(st.integers(1, 5), min_size=5, max_size=5),
    extras=st.decimals(min_value=Decimal("0"), max_value=Decimal("200"), places=2),
)
def test_returning_everything_gives_back_exactly_what_was_counted(prices, qtys, extras):
    lines = [returns.DeclaredLine(n + 1, p, Decimal(q)) for n, (p, q) in
             enumerate(zip(prices, qtys, strict=False))]  # fmt: skip
    counted = sum((li.price * li.qty for li in lines), Decimal(0)) + extras
    everything = {li.gnum: li.qty for li in lines}
    assert returns.restored_value(lines, extras, everything) == counted
    partial = {li.gnum: Decimal(1) for li in lines}
    assert Decimal(0) < returns.restored_value(lines, extras, partial) <= counted


@pytest.fixture
def released(settings, db):
    settings.CUSTOMS_SIMULATOR = dict(FAST)
    declaration = declarations.declaration_create(source=order_declaration())
    run(0), run(2), run(10)
    declaration.refresh_from_db()
    assert declaration.status == "released"
    return declaration


def test_an_accepted_return_restores_the_quota_once(released):
    at = timezone.now()
    customs_return = declarations.return_declare(
        order_no=released.order_no, cop_no="R202611250001", lines={2: Decimal(1)},
        reason="质量问题 / quality problem",
    )  # fmt: skip
    assert customs_return.amount == Decimal("1306.32")
    assert customs_return.messages.get().kind == "CEB625"
    # nothing is given back before customs accepts the return (D9)
    assert not QuotaEntry.objects.filter(kind="return").exists()
    run(20), run(25)
    customs_return.refresh_from_db()
    assert customs_return.status == "accepted"
    entry = QuotaEntry.objects.get(kind="return")
    assert (entry.amount, entry.reference) == (Decimal("-1306.32"), "R202611250001")
    assert quota_used(released.id_index, at) == Decimal("-1306.32")  # order counted at payment
    again = declarations.return_declare(
        order_no=released.order_no, cop_no="R202611250001", lines={2: Decimal(1)}, reason="x"
    )
    assert again.pk == customs_return.pk and QuotaEntry.objects.filter(kind="return").count() == 1


def test_a_return_altered_after_signing_is_refused_by_customs(released):
    customs_return = declarations.return_declare(
        order_no=released.order_no, cop_no="R202611250002", lines={1: Decimal(2)}, reason="x"
    )
    message = customs_return.messages.get()
    message.xml = message.xml.replace("<ceb:qty>2</ceb:qty>", "<ceb:qty>3</ceb:qty>")
    message.save()
    run(30), run(40)
    customs_return.refresh_from_db()
    assert customs_return.status == "rejected" and "1001" in customs_return.reason
    assert not QuotaEntry.objects.filter(kind="return").exists()


def test_customs_refuses_a_return_of_an_inventory_it_never_released(released):
    source = declarations.source_of(released)
    ret = ReturnDeclaration(original=source, invt_no="425820269999999999", cop_no="R5",
                            reason="x", lines=(ReturnLine(gnum=1, qty=Decimal(1)),))  # fmt: skip
    guid = "0A0A0A0A-0000-4000-8000-000000000001"
    get_gateway().submit(kind="CEB625", guid=guid, xml=messages.build_return(ret, guid=guid))
    receipts = get_gateway().poll(now=timezone.now() + timedelta(seconds=5))
    assert [(r.return_status, r.return_info[:4]) for r in receipts] == [(100, "-625")]


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"order_no": "NOPE"}, "no customs declaration"),
        ({"lines": {9: Decimal(1)}}, "line 9: not in the inventory list"),
        ({"now": timezone.now() + timedelta(days=31)}, "30-day return window closed"),
    ],
)
def test_returns_outside_the_rules_are_refused(released, kwargs, error):
    args = {"order_no": released.order_no, "cop_no": "R3", "lines": {1: Decimal(1)},
            "reason": "x"} | kwargs  # fmt: skip
    with pytest.raises(declarations.ReturnError, match=error):
        declarations.return_declare(**args)
    assert not CustomsReturn.objects.exists()


def test_an_order_not_yet_released_cannot_be_returned(settings, db):
    settings.CUSTOMS_SIMULATOR = dict(FAST)
    declaration = declarations.declaration_create(source=order_declaration())
    with pytest.raises(declarations.ReturnError, match="not been released"):
        declarations.return_declare(
            order_no=declaration.order_no, cop_no="R4", lines={1: Decimal(1)}, reason="x"
        )
