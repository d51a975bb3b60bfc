"""The pure fulfillment rules: tracking status, service level, weight check, picking, estimate."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.fulfillment import eta, picking, sla, tracking, weighing

T0 = datetime(2026, 12, 1, 8, tzinfo=UTC)


def ev(event_id, code, hours, place=""):
    return tracking.Event(event_id, code, T0 + timedelta(hours=hours), place)


JOURNEY = [ev("h", "handed_over", 0), ev("t1", "in_transit", 5), ev("t2", "in_transit", 20),
           ev("o1", "out_for_delivery", 30), ev("x1", "exception", 33),
           ev("o2", "out_for_delivery", 54), ev("d", "delivered", 56)]  # fmt: skip


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        ([], None),
        (JOURNEY[:1], "handed_over"),
        (JOURNEY[:3], "in_transit"),
        (JOURNEY[:4], "out_for_delivery"),
        (JOURNEY[:5], "exception"),  # the failed attempt is the latest news
        (JOURNEY[:6], "out_for_delivery"),  # a later scan clears the exception
        (JOURNEY, "delivered"),
        ([JOURNEY[6], JOURNEY[1]], "delivered"),  # delivery known before the hub scan arrives
        (JOURNEY + [ev("x2", "exception", 80)], "delivered"),  # delivered is final
        ([ev("x", "exception", 1)], "exception"),
    ],
)
def test_status_table(seen, expected):
    assert tracking.status(seen) == expected


@given(st.permutations(JOURNEY), st.lists(st.sampled_from(JOURNEY), max_size=10),
       st.integers(min_value=1, max_value=len(JOURNEY)))  # fmt: skip
def test_status_ignores_order_and_duplicates(order, duplicates, n):
    """Whatever order events come in, and however often, the result is that of the set."""
    prefix = JOURNEY[:n]
    shuffled = [e for e in order if e in prefix] + [e for e in duplicates if e in prefix]
    assert tracking.status(shuffled) == tracking.status(prefix)
    assert tracking.merge(shuffled) == prefix  # de-duplicated, in the order they happened


def test_first_copy_of_an_event_id_wins():
    first, replay = ev("a", "in_transit", 1, "上海"), ev("a", "in_transit", 1, "changed")
    assert tracking.merge([first, replay]) == [first]


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("code", {"code": "lost"}),
        ("event_id", {"event_id": ""}),
        ("at", {"at": datetime(2026, 12, 1)}),
    ],  # fmt: skip
)
def test_bad_events_are_refused(field, kwargs):
    fields = {"event_id": "e", "code": "in_transit", "at": T0} | kwargs
    with pytest.raises(tracking.TrackingError) as info:
        tracking.Event(**fields)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("hours_since_paid", "handed_after", "expected"),
    [
        (1, None, "on_track"),
        (17.9, None, "on_track"),
        (18, None, "at_risk"),
        (24, None, "at_risk"),
        (24.1, None, "late"),
        (30, 23, "met"),
        (30, 24, "met"),
        (30, 25, "missed"),
    ],  # fmt: skip
)
def test_service_level_standing(hours_since_paid, handed_after, expected):
    handed = None if handed_after is None else T0 + timedelta(hours=handed_after)
    got = sla.standing(
        paid_at=T0,
        handed_over_at=handed,
        now=T0 + timedelta(hours=hours_since_paid),
        goal_hours=24,
        warning_hours=6,
    )
    assert got == expected


def test_compliance_counts_finished_orders_only():
    assert sla.compliance(["met", "met", "missed", "at_risk", "late"]) == pytest.approx(2 / 3)
    assert sla.compliance(["on_track"]) is None


@pytest.mark.parametrize(
    ("measured", "verdict"),
    [
        ("1.190", "ok"),
        ("1.071", "ok"),
        ("1.070", "too_light"),
        ("1.309", "ok"),
        ("1.310", "too_heavy"),
        ("0.500", "too_light"),
    ],  # fmt: skip
)
def test_weight_check_tolerance(measured, verdict):
    expected = weighing.expected_weight([(Decimal("0.520"), 2)], Decimal("0.150"))
    assert expected == Decimal("1.190")
    got = weighing.check(
        expected_kg=expected,
        measured_kg=Decimal(measured),
        tolerance_percent=Decimal("10"),
        tolerance_min_kg=Decimal("0.050"),
    )
    assert got.verdict == verdict and got.tolerance_kg == Decimal("0.119")


def test_light_parcels_get_the_minimum_tolerance():
    got = weighing.check(
        expected_kg=Decimal("0.200"),
        measured_kg=Decimal("0.245"),
        tolerance_percent=Decimal("10"),
        tolerance_min_kg=Decimal("0.050"),
    )
    assert got.ok and got.tolerance_kg == Decimal("0.050")


LINES = [picking.PickLine(1, "6901234567892", "B-OLD", "B-02-1-1", 1, 0),
         picking.PickLine(2, "6901234567892", "B-NEW", "A-07-3-2", 2, 0),
         picking.PickLine(3, "4901234567894", "C-1", "", 1, 1)]  # fmt: skip


def test_walk_order_is_by_bin_with_unbinned_last():
    assert [line.id for line in picking.walk_order(LINES)] == [2, 1, 3]


def test_a_gtin_scan_confirms_the_first_open_bin_and_gtin14_matches_gtin13():
    assert picking.match(LINES, "6901234567892").id == 2
    assert picking.match(LINES, "06901234567892", 2).id == 2
    assert picking.match(LINES, " b-old ").id == 1  # batch numbers, case-insensitive


@pytest.mark.parametrize(
    ("scan", "quantity", "code"),
    [
        ("", 1, "empty"),
        ("9999999999999", 1, "unknown"),
        ("4901234567894", 1, "done"),
        ("B-OLD", 2, "quantity"),
        ("B-OLD", 0, "quantity"),
    ],  # fmt: skip
)
def test_wrong_scans_say_why(scan, quantity, code):
    with pytest.raises(picking.ScanError) as info:
        picking.match(LINES, scan, quantity)
    assert info.value.code == code


def test_estimate_uses_recent_deliveries_once_there_are_enough():
    few = eta.estimate(start=T0, origin_province="山东省", destination_province="上海市",
                       recent_transit_hours=[10, 12])  # fmt: skip
    assert few.basis == eta.STANDARD and few.transit_hours == eta.NEAR_HOURS
    many = eta.estimate(start=T0, origin_province="山东省", destination_province="上海市",
                        recent_transit_hours=[30, 20, 40, 36, 90])  # fmt: skip
    assert many.basis == eta.RECENT and many.at == T0 + timedelta(hours=36)


@pytest.mark.parametrize(
    ("origin", "destination", "hours"),
    [
        ("山东省", "山东省", 24),
        ("山东省", "浙江省", 48),
        ("山东省", "广东省", 72),
        ("上海市", "西藏自治区", 120),
    ],  # fmt: skip
)
def test_standard_transit_by_distance(origin, destination, hours):
    assert eta.standard_transit_hours(origin, destination) == hours


def test_simulated_route_is_deterministic_and_ordered():
    from freeport.fulfillment.carriers import Parcel
    from freeport.fulfillment.carriers.simulator import route

    parcel = Parcel("FPW1", "FP1", "青岛市", "山东省", "杭州市", "浙江省", Decimal("1"), 1)
    events = route(parcel, T0, 48)
    assert events == route(parcel, T0, 48)
    assert events == tracking.merge(random.sample(events, len(events)))
    assert events[-1].code == "delivered" and tracking.status(events) == "delivered"
    fast = route(parcel, T0, 48, speed=60)
    assert fast[-1].at - T0 == (events[-1].at - T0) / 60
