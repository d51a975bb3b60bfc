"""The installation's customs set-up: who declares, through which office, from which warehouse.

Read from settings.CUSTOMS_SITE (a dict; see docs/customs-gateway.md). The defaults describe a
fictional demo installation in the Qingdao bonded port area: every code below is made up for
the demo and must be replaced by the operator's registered codes before declaring for real.
"""

from django.conf import settings

from .messages.inputs import Enterprise, Parties, Site, Transmitter

DEMO = {
    "platform": ("3702960001", "自由港跨境电商平台（演示）"),
    "payment": ("3702960002", "自由港沙箱支付（演示）"),
    "logistics": ("3702960003", "自由港本地物流（演示）"),
    "agent": ("3702960004", "自由港报关服务（演示）"),
    "warehouse": ("3702960005", "青岛保税仓储（演示）"),
    "transmitter": ("3702960004", "自由港报关服务（演示）", "DXPENT0000000001"),
    "customs_code": "4258",
    "port_code": "4258",
    "traf_mode": "Y",
    "ems_no": "T4258W000001",
}


def _config() -> dict:
    return DEMO | getattr(settings, "CUSTOMS_SITE", {})


def parties(seller: Enterprise) -> Parties:
    """The parties of one order; the seller is the merchant's registered e-commerce enterprise."""
    c = _config()
    return Parties(
        platform=Enterprise(*c["platform"]),
        seller=seller,
        payment=Enterprise(*c["payment"]),
        logistics=Enterprise(*c["logistics"]),
        agent=Enterprise(*c["agent"]),
    )


def site() -> Site:
    c = _config()
    return Site(
        customs_code=c["customs_code"],
        port_code=c["port_code"],
        traf_mode=c["traf_mode"],
        ems_no=c["ems_no"],
        warehouse=Enterprise(*c["warehouse"]),
        transmitter=transmitter(),
    )


def transmitter() -> Transmitter:
    code, name, dxp_id = _config()["transmitter"]
    return Transmitter(code=code, name=name, dxp_id=dxp_id)
