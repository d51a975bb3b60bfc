"""Estimated delivery (pure): warehouse dispatch + transit to the destination province.

Transit time comes from what actually happened: the median hand-over-to-delivery time of recent
parcels from the same warehouse to the same province, once there are at least MIN_SAMPLES of
them. Until then a standard estimate by distance is used (same province, neighbouring region,
the rest of the mainland, remote regions). The estimate says which basis it used.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

MIN_SAMPLES = 5
RECENT = "recent deliveries"
STANDARD = "standard estimate"

# Standard transit hours when there is no history (carriers' published economy-express times).
SAME_PROVINCE_HOURS = 24
NEAR_HOURS = 48
FAR_HOURS = 72
REMOTE_HOURS = 120
REMOTE = frozenset({"新疆维吾尔自治区", "西藏自治区", "青海省", "内蒙古自治区", "宁夏回族自治区",
                    "甘肃省", "海南省"})  # fmt: skip
# Broad regions: a parcel within one region is "near".
REGIONS = (
    {"上海市", "江苏省", "浙江省", "安徽省", "山东省", "福建省", "江西省"},
    {"北京市", "天津市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省"},
    {"广东省", "广西壮族自治区", "湖南省", "湖北省", "河南省"},
    {"重庆市", "四川省", "贵州省", "云南省", "陕西省"},
)


@dataclass(frozen=True)
class Estimate:
    at: datetime
    transit_hours: float
    basis: str
    samples: int


def standard_transit_hours(origin_province: str, destination_province: str) -> int:
    if destination_province in REMOTE or origin_province in REMOTE:
        return REMOTE_HOURS
    if origin_province == destination_province:
        return SAME_PROVINCE_HOURS
    if any(origin_province in r and destination_province in r for r in REGIONS):
        return NEAR_HOURS
    return FAR_HOURS


def estimate(
    *, start: datetime, origin_province: str, destination_province: str,
    recent_transit_hours=(),
) -> Estimate:  # fmt: skip
    """Delivery estimate for a parcel that leaves (or left) the warehouse at `start`."""
    samples = [h for h in recent_transit_hours if h >= 0]
    if len(samples) >= MIN_SAMPLES:
        hours, basis = float(median(samples)), RECENT
    else:
        hours, basis = (
            float(standard_transit_hours(origin_province, destination_province)),
            STANDARD,
        )
    return Estimate(start + timedelta(hours=hours), hours, basis, len(samples))
