"""Customs receipt codes (`returnStatus`) and what they mean for a declaration: pure rules.

Codes from ../shared/specs/ceb/FIELDS.md §13 (XSD annotations and the 202205 specification).
Receipts can arrive late, twice or out of order; a message's status is the most advanced code
received so far, so a late 120 never undoes an 800 or a 100.
"""

ACCEPTED = 120  # 海关入库: on file at customs
REJECTED = 100  # 海关退单
RELEASED = 800  # 放行
INSPECTION = 500  # 查验
CONCLUDED = 399  # 海关审结
SEND_FAILED = 4  # 发送海关失败: never reached customs, must be sent again

MEANING = {
    1: ("电子口岸已暂存", "saved as draft at the E-port"),
    2: ("电子口岸申报中", "being declared at the E-port"),
    3: ("发送海关成功", "sent to customs"),
    4: ("发送海关失败", "sending to customs failed"),
    100: ("海关退单", "rejected by customs"),
    120: ("海关入库", "accepted by customs"),
    300: ("人工审核", "manual review"),
    399: ("海关审结", "examination concluded"),
    500: ("查验", "inspection"),
    501: ("扣留移送通关", "detained: transferred to clearance"),
    502: ("扣留移送缉私", "detained: transferred to anti-smuggling"),
    503: ("扣留移送法规", "detained: transferred to the legal department"),
    599: ("其它扣留", "other detention"),
    700: ("退运", "returned abroad"),
    800: ("放行", "released"),
    899: ("结关", "clearance closed"),
}

# Progress order: later stages outrank earlier ones; final outcomes outrank everything.
_RANK = {1: 0, 2: 1, 3: 2, 4: 2, 120: 3, 300: 4, 399: 5, 500: 6, 501: 7, 502: 7, 503: 7, 599: 7,
         700: 8, 800: 9, 899: 10, 100: 11}  # fmt: skip


def rank(code: int) -> int:
    """How far along a message is with this code. A refusal (100, 4: never reached customs, a
    negative code: a processing exception) is final for that message, like a rejection: after
    a 2 or a 120, a -621018 must not be ignored (the declaration would wait forever)."""
    if refused(code):
        return _RANK[REJECTED]
    return _RANK.get(code, -1)


def refused(code: int | None) -> bool:
    """Customs did not take the message: rejected (100), never reached it (4) or a processing
    exception (a negative code)."""
    return code is not None and (code in (REJECTED, SEND_FAILED) or code < 0)


def advance(current: int | None, received: int) -> int:
    """The message's status after a receipt: the more advanced of the two."""
    if current is None or rank(received) > rank(current):
        return received
    return current


# Order-level outcome of a declaration (its four messages together).
QUEUED, SUBMITTED, ACCEPTED_ALL, INSPECTED, RELEASED_ORDER, REJECTED_ORDER = (
    "queued", "submitted", "accepted", "inspection", "released", "rejected",
)  # fmt: skip
OUTCOMES = (QUEUED, SUBMITTED, ACCEPTED_ALL, INSPECTED, RELEASED_ORDER, REJECTED_ORDER)


def outcome(statuses: dict[str, int | None], submitted: bool) -> str:
    """A declaration's state from its messages' statuses, keyed by kind ("CEB311", ...).

    Rejected as soon as any message is rejected; released or under inspection as the inventory
    list (CEB621) says; accepted once every message is on file; otherwise submitted or queued.
    """
    if any(refused(c) for c in statuses.values()):
        return REJECTED_ORDER
    inventory = statuses.get("CEB621")
    if inventory is not None and rank(inventory) >= rank(RELEASED):
        return RELEASED_ORDER
    if inventory is not None and rank(INSPECTION) <= rank(inventory) < rank(RELEASED):
        return INSPECTED
    if statuses and all(c is not None and rank(c) >= rank(ACCEPTED) for c in statuses.values()):
        return ACCEPTED_ALL
    return SUBMITTED if submitted else QUEUED
