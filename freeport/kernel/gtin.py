"""GS1 GTIN check digit (GTIN-8/12/13/14): weights 3,1 from the right, excluding the check digit.

Source: GS1 General Specifications, section 7.9 "Check digit calculation".
"""

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return (
        code.isascii()
        and code.isdigit()
        and len(code) in GTIN_LENGTHS
        and gtin_check_digit(code[:-1]) == int(code[-1])
    )


def make_gtin13(prefix_and_item: str) -> str:
    """Append the check digit to a 12-digit body."""
    assert len(prefix_and_item) == 12 and prefix_and_item.isdigit()
    return prefix_and_item + str(gtin_check_digit(prefix_and_item))
