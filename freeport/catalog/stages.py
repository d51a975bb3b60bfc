"""Infant-formula stages: map a pack's age range to the Chinese national standard it corresponds to.

Chinese standards (2021 editions, in force 2023-02-22):
  GB 10765-2021 婴儿配方食品 (infant formula, 0-6 months, "1段"),
  GB 10766-2021 较大婴儿配方食品 (follow-up formula, 6-12 months, "2段"),
  GB 10767-2021 幼儿配方食品 (young-child formula, 12-36 months, "3段").
Brands number stages differently by country (e.g. "Pre", "Stage 4"), so the age range is the key.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CnStage:
    stage: str
    standard: str
    label_zh: str
    label_en: str


CN_STAGES = [
    (
        0,
        6,
        CnStage(
            "1", "GB 10765-2021", "1段 婴儿配方（0–6月龄）", "Stage 1 infant formula (0–6 months)"
        ),
    ),
    (
        6,
        12,
        CnStage(
            "2",
            "GB 10766-2021",
            "2段 较大婴儿配方（6–12月龄）",
            "Stage 2 follow-up formula (6–12 months)",
        ),
    ),
    (
        12,
        36,
        CnStage(
            "3",
            "GB 10767-2021",
            "3段 幼儿配方（12–36月龄）",
            "Stage 3 young-child formula (12–36 months)",
        ),
    ),
]


def cn_stage_for(age_min_months: int | None, age_max_months: int | None) -> CnStage | None:
    """The Chinese stage whose age range contains the pack's range; None when none does
    (e.g. a 3+ years "growing-up" milk, which no GB formula standard covers)."""
    if age_min_months is None or age_max_months is None or age_max_months <= age_min_months:
        return None
    for low, high, stage in CN_STAGES:
        if low <= age_min_months and age_max_months <= high:
            return stage
    return None


def age_range_label(age_min_months: int | None, age_max_months: int | None, english: bool) -> str:
    if age_min_months is None:
        return ""
    if age_max_months is None:
        return f"{age_min_months}+ months" if english else f"{age_min_months}月龄以上"
    if english:
        return f"{age_min_months}–{age_max_months} months"
    return f"{age_min_months}–{age_max_months}月龄"
