"""charts.py: values in, bar geometry out (pure, no database)."""

import pytest

from freeport.console import charts


@pytest.mark.parametrize(
    "value, maximum, expected",
    [(50, 100, 100.0), (100, 100, 200.0), (0, 100, 0.0), (5, 0, 0.0), (-3, 10, 0.0),
     (150, 100, 200.0), (1, 3, 66.67), (1, 100_000, charts.MIN_BAR)],
)  # fmt: skip
def test_scale(value, maximum, expected):
    assert charts.scale(value, maximum, 200) == expected


def test_text_units_count_wide_characters_twice():
    assert charts.text_units("Snacks") == 6
    assert charts.text_units("进口零食") == 8
    assert charts.text_units("A2 奶粉") == 7


def test_shorten_keeps_short_text_and_cuts_long_text_with_an_ellipsis():
    assert charts.shorten("Makeup", 10) == "Makeup"
    assert charts.shorten("Health supplements", 10) == "Health su…"
    assert charts.text_units(charts.shorten("Health supplements", 10)) <= 10
    assert charts.shorten("青岛前湾保税港区一号仓", 10) == "青岛前湾…"


def test_describe_lists_every_value_with_grouped_digits():
    assert charts.describe([("pending", 9), ("approved", 53850)]) == (
        "pending: 9; approved: 53,850"
    )


def test_columns_geometry():
    chart = charts.columns("c", "Listings", [("a", 10), ("b", 5), ("c", 0)], width=300,
                           height=200)  # fmt: skip
    a, b, c = chart.bars
    baseline = chart.axis[1]
    assert chart.axis == (0, baseline, 300, baseline)
    # every bar stands on the baseline, inside the chart, the tallest fills the plot
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(baseline)
        assert 0 <= bar.x and bar.x + bar.width <= 300
    assert a.y > 0  # room above the tallest bar for its value label
    assert a.value_y < a.y and a.value_y > 0
    assert b.height == pytest.approx(a.height / 2)
    assert c.height == 0 and c.y == baseline
    # one slot per bar, centred, labels under the baseline, inside the chart
    assert [bar.label_x for bar in chart.bars] == [50, 150, 250]
    assert all(baseline < bar.label_y <= 200 for bar in chart.bars)
    assert chart.label_anchor == "middle"
    assert chart.description == "a: 10; b: 5; c: 0"


def test_columns_with_nothing_to_show():
    chart = charts.columns("c", "Listings", [("a", 0), ("b", 0)])
    assert [bar.height for bar in chart.bars] == [0, 0]
    assert charts.columns("c", "Listings", []).bars == []


def test_rows_geometry_with_a_label_column():
    chart = charts.rows("r", "SKUs", [("Snacks", 40), ("Wine", 10)], width=400, label_width=100,
                        row_height=20)  # fmt: skip
    snacks, wine = chart.bars
    assert chart.height == 40
    assert chart.axis == (100, 0, 100, 40)
    assert snacks.x == wine.x == 100
    assert wine.width == pytest.approx(snacks.width / 4)
    assert snacks.y < wine.y  # one row each, in order
    # the value follows its bar and fits in the chart; labels end before the bars
    for bar in chart.bars:
        assert bar.value_x == pytest.approx(bar.x + bar.width + charts.GAP)
        assert bar.value_x + len(bar.value_text) * charts.FONT * 0.6 <= 400
        assert bar.label_x < bar.x
        assert bar.y < bar.value_y < bar.y + bar.height + charts.FONT
    assert chart.label_anchor == "end"


def test_rows_with_labels_above_the_bars():
    long = "Qingdao FTZ Bonded Exhibition & Trading Center Showroom (display only)"
    chart = charts.rows(
        "s", "Stock", [charts.Item("Bonded 1", 53850), charts.Item(long, 229, "display")],
        width=480, label_width=0,
    )  # fmt: skip
    bonded, showroom = chart.bars
    assert chart.axis is None
    assert bonded.x == showroom.x == 0
    assert bonded.label_y < bonded.y  # label above its bar
    assert bonded.y + bonded.height < showroom.label_y - charts.FONT  # rows don't overlap
    assert showroom.kind == "display" and showroom.full_label == long
    assert charts.text_units(showroom.label) <= 480 / (charts.FONT * 0.55)
    assert bonded.value_text == "53,850"
    assert chart.height >= showroom.y + showroom.height
