import pytest

from freeport.customs import receipts as r


@pytest.mark.parametrize(
    "current, received, expected",
    [
        (None, 120, 120),
        (120, 800, 800),
        (800, 120, 800),  # a late "accepted" never undoes a release
        (500, 800, 800),
        (800, 500, 800),
        (120, 100, 100),
        (100, 120, 100),  # a rejection stands until the declaration is sent again
        (2, 3, 3),
        (2, -621018, -621018),  # a processing exception after progress is final
        (120, 4, 4),  # never reached customs: final for this message
        (3, 4, 4),
        (-621018, 120, -621018),
    ],
)
def test_advance_keeps_the_most_advanced_code(current, received, expected):
    assert r.advance(current, received) == expected


ALL_ACCEPTED = {"CEB311": 120, "CEB411": 120, "CEB511": 120, "CEB621": 120}


@pytest.mark.parametrize(
    "statuses, submitted, expected",
    [
        ({k: None for k in ALL_ACCEPTED}, False, "queued"),
        ({k: None for k in ALL_ACCEPTED}, True, "submitted"),
        (ALL_ACCEPTED | {"CEB511": None}, True, "submitted"),
        (ALL_ACCEPTED, True, "accepted"),
        (ALL_ACCEPTED | {"CEB621": 500}, True, "inspection"),
        (ALL_ACCEPTED | {"CEB621": 800}, True, "released"),
        (ALL_ACCEPTED | {"CEB411": 100}, True, "rejected"),
        (ALL_ACCEPTED | {"CEB621": 4}, True, "rejected"),  # never reached customs
        (ALL_ACCEPTED | {"CEB311": -301010}, True, "rejected"),
    ],
)
def test_outcome_of_a_declaration(statuses, submitted, expected):
    assert r.outcome(statuses, submitted) == expected
