"""Plain-language explanation of a tax quote, in zh-Hans and English (pure).

Kept apart from tax.py so the arithmetic reads without the wording around it.
"""

from decimal import Decimal

KIND_EN = {
    "ad_valorem": "ad valorem",
    "specific": "specific (per unit)",
    "compound": "compound",
    "high_end_cosmetic": "high-end cosmetics",
}
KIND_ZH = {
    "ad_valorem": "从价",
    "specific": "从量",
    "compound": "复合计征",
    "high_end_cosmetic": "高档化妆品",
}


def _m(x: Decimal) -> str:
    return f"{x:,.2f}"


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def explain(order, regime, reason, lines, totals, quota) -> dict[str, list[str]]:
    zh: list[str] = []
    en: list[str] = []
    dv = totals["dutiable_value"]
    zh.append(
        f"完税价格 = 商品 {_m(totals['goods'])} + 运费 {_m(totals['freight'])} + 保费 "
        f"{_m(totals['insurance'])} = {_m(dv)} 元；优惠券、积分等非现金抵扣不减少完税价格。"
    )
    en.append(
        f"Dutiable value = goods {_m(totals['goods'])} + freight {_m(totals['freight'])} + "
        f"insurance {_m(totals['insurance'])} = CNY {_m(dv)}; coupons, vouchers and points "
        "do not lower it."
    )
    if regime == "refused" and reason == "annual_limit":
        zh.append(
            f"本年已用跨境额度 {_m(quota['used'])} 元，加上本单 {_m(dv)} 元将超过年度限值 "
            f"{_m(quota['limit'])} 元，不能按跨境电商零售进口申报；"
            f"剩余额度 {_m(quota['remaining'])} 元。"
        )
        en.append(
            f"You have used CNY {_m(quota['used'])} of your annual CBEC allowance; this order's "
            f"CNY {_m(dv)} would exceed the CNY {_m(quota['limit'])} annual limit, so it cannot be "
            f"declared as a CBEC retail import. Remaining allowance: CNY {_m(quota['remaining'])}."
        )
        return {"zh": zh, "en": en}
    if regime == "refused":
        zh.append(
            f"本单含多件商品，完税价格 {_m(dv)} 元超过单次交易限值 5,000 元，请拆分为多个订单。"
        )
        en.append(
            f"This order has several items and its dutiable value CNY {_m(dv)} exceeds the "
            "CNY 5,000 single-transaction limit: split it into orders that fit."
        )
        return {"zh": zh, "en": en}
    if regime == "cbec_full_tax":
        zh.append(
            "单件不可分割商品完税价格超过 5,000 元：仍可按跨境电商申报，但按货物税率全额征收"
            "关税、消费税和增值税，并计入年度交易额。"
        )
        en.append(
            "One indivisible item over CNY 5,000: it may still enter as a CBEC import, but tariff, "
            "consumption tax and VAT are charged in full and it counts toward the annual total."
        )
    else:
        zh.append("限值以内：关税税率暂设为 0%，消费税和增值税按法定应纳税额的 70% 征收。")
        en.append(
            "Within the limits: the tariff is 0% and consumption tax and VAT are charged at 70% "
            "of the statutory amount."
        )
    for i, (line, lt) in enumerate(zip(order.lines, lines, strict=True), start=1):
        name = line.name or line.hs_code or f"#{i}"
        rule = line.consumption_tax
        zh_parts = [f"第 {i} 行（{name}）：完税价格 {_m(lt.dutiable_value)}"]
        en_parts = [f"Line {i} ({name}): dutiable value {_m(lt.dutiable_value)}"]
        if regime == "cbec_full_tax":
            zh_parts.append(f"关税 {_pct(line.tariff_rate)} = {_m(lt.tariff)}")
            en_parts.append(f"tariff {_pct(line.tariff_rate)} = {_m(lt.tariff)}")
        if rule.kind == "high_end_cosmetic" and not lt.high_end:
            zh_parts.append(
                "单位完税价格未达高档化妆品标准（每毫升/克 10 元或每片/支 15 元），不征消费税"
            )
            en_parts.append(
                "below the high-end cosmetics threshold (CNY 10 per ml/g or 15 per piece): "
                "no consumption tax"
            )
        elif rule.kind != "none":
            share = "" if regime == "cbec_full_tax" else " × 70%"
            zh_parts.append(
                f"消费税（{KIND_ZH[rule.kind]}）{_m(lt.statutory_consumption_tax)}{share} = "
                f"{_m(lt.consumption_tax)}"
            )
            en_parts.append(
                f"consumption tax ({KIND_EN[rule.kind]}) {_m(lt.statutory_consumption_tax)}"
                f"{share} = {_m(lt.consumption_tax)}"
            )
        share = "" if regime == "cbec_full_tax" else " × 70%"
        zh_parts.append(
            f"增值税 {_pct(line.vat_rate)}：{_m(lt.statutory_vat)}{share} = {_m(lt.vat)}"
        )
        en_parts.append(f"VAT {_pct(line.vat_rate)}: {_m(lt.statutory_vat)}{share} = {_m(lt.vat)}")
        zh.append("，".join(zh_parts) + f"；税费合计 {_m(lt.tax)}。")
        en.append("; ".join(en_parts) + f"; tax {_m(lt.tax)}.")
    zh.append(
        "每项税额按行计算后四舍五入到分，订单合计为各行之和。"
        f"税费合计 {_m(totals['tax'])} 元"
        + (f"，比法定税额少 {_m(totals['reduction'])} 元" if totals["reduction"] else "")
        + "。"
    )
    en.append(
        "Each tax is computed per line and rounded half-up to the fen; order totals add the "
        f"rounded lines. Total tax CNY {_m(totals['tax'])}"
        + (
            f", CNY {_m(totals['reduction'])} less than the statutory tax"
            if totals["reduction"]
            else ""
        )
        + "."
    )
    zh.append(
        f"实付 = 完税价格 {_m(dv)} + 税费 {_m(totals['tax'])} − 优惠 {_m(totals['discount'])} = "
        f"{_m(totals['payable'])} 元。年度额度剩余 {_m(quota['remaining_after'])} 元。"
    )
    en.append(
        f"You pay = dutiable value {_m(dv)} + tax {_m(totals['tax'])} − discount "
        f"{_m(totals['discount'])} = CNY {_m(totals['payable'])}. Annual allowance left after "
        f"this order: CNY {_m(quota['remaining_after'])}."
    )
    return {"zh": zh, "en": en}
