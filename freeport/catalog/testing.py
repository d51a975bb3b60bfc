"""Test data builders shared by the suites (not used in production code)."""

from decimal import Decimal
from itertools import count

from freeport.kernel.gtin import make_gtin13

from .models import Merchant

_seq = count(1)


def merchant_make(code: str = "kiwi-dairy", country: str = "NZ") -> Merchant:
    n = next(_seq)
    merchant, _ = Merchant.objects.get_or_create(
        code=code,
        defaults={
            "name_zh": f"{code} 商户",
            "name_en": f"{code} merchant",
            "customs_code": f"{n:05d}{abs(hash(code)) % 10**5:05d}"[:10],
            "country": country,
        },
    )
    return merchant


def row_make(**overrides) -> dict:
    """A valid catalog row (infant formula); override any column."""
    n = next(_seq)
    row = {
        "merchant": "kiwi-dairy",
        "brand": "kiwi-gold",
        "brand_zh": "奇异金",
        "brand_en": "Kiwi Gold",
        "category": "formula-cow",
        "product_code": f"P{n:05d}",
        "sku_code": f"S{n:05d}",
        "gtin": make_gtin13(f"94{n:010d}"),
        "title_zh": "奇异金 婴儿配方奶粉 1段",
        "title_en": "Kiwi Gold Infant Formula Stage 1",
        "description_zh": "新西兰草饲奶源。",
        "description_en": "Grass-fed New Zealand milk.",
        "variant_zh": "900克",
        "variant_en": "900 g",
        "price": "238.00",
        "gross_weight_kg": "1.150",
        "net_weight_kg": "0.900",
        "net_content_value": "900",
        "net_content_unit": "g",
        "origin_country": "NZ",
        "hs_code": "1901101090",
        "positive_list": "true",
        "record_number": f"NZ2026-{n:06d}",
        "ingredients_zh": "脱脂乳，乳清蛋白，植物油",
        "ingredients_en": "Skim milk, whey protein, vegetable oils",
        "shelf_life_days": "730",
        "age_min_months": "0",
        "age_max_months": "6",
        "stage_label": "Stage 1",
        "certifications": "halal",
        "tags": "grass-fed",
        "size_guide": "",
    }
    row.update({k: (str(v) if isinstance(v, Decimal) else v) for k, v in overrides.items()})
    return row
