"""Reference data every installation needs: category tree, tax profiles, certifications, tags.

Tax profiles follow ../shared/cbec-rules.md §4 and §8. Rows marked "to verify" in that table are
filled with the best figure found and say so in `source`: per decision D13 every such rate must be
checked against the current year's official tariff (税则) before go-live.
"""

from datetime import date

# (root slug, zh, en, [(leaf slug, zh, en), ...])
CATEGORIES = [
    ("infant-formula", "婴幼儿奶粉", "Infant formula", [
        ("formula-cow", "牛奶粉", "Cow's milk formula"),
        ("formula-goat", "羊奶粉", "Goat's milk formula"),
    ]),
    ("skincare", "护肤", "Skincare", [
        ("face-cream", "面霜", "Face cream"),
        ("serum", "精华", "Serum"),
        ("cleanser", "洁面", "Cleanser"),
        ("sunscreen", "防晒", "Sunscreen"),
        ("face-mask", "面膜", "Face mask"),
    ]),
    ("makeup", "彩妆", "Makeup", [
        ("lipstick", "口红", "Lipstick"),
        ("eye-makeup", "眼妆", "Eye makeup"),
        ("foundation", "粉底", "Foundation"),
    ]),
    ("health-supplements", "营养保健", "Health supplements", [
        ("fish-oil", "鱼油", "Fish oil"),
        ("vitamins", "维生素", "Vitamins"),
        ("probiotics", "益生菌", "Probiotics"),
    ]),
    ("snacks", "进口零食", "Snacks", [
        ("chocolate", "巧克力", "Chocolate"),
        ("biscuits", "饼干", "Biscuits"),
        ("nuts", "坚果", "Nuts"),
    ]),
    ("wine", "酒水", "Wine & beer", [
        ("red-wine", "红葡萄酒", "Red wine"),
        ("white-wine", "白葡萄酒", "White wine"),
        ("beer", "啤酒", "Beer"),
    ]),
    ("personal-care", "个人护理", "Personal care", [
        ("shampoo", "洗发护发", "Shampoo"),
        ("body-wash", "沐浴", "Body wash"),
        ("toothpaste", "牙膏", "Toothpaste"),
    ]),
    ("baby-products", "母婴用品", "Baby products", [
        ("diapers", "纸尿裤", "Diapers"),
        ("feeding-bottles", "奶瓶", "Feeding bottles"),
    ]),
    ("small-appliances", "小家电", "Small appliances", [
        ("electric-toothbrush", "电动牙刷", "Electric toothbrush"),
        ("hair-dryer", "吹风机", "Hair dryer"),
    ]),
]  # fmt: skip

V = "to verify against the current 税则 (cbec-rules.md D13)"
# hs, zh, en, mfn, provisional, vat, ct_kind, ct_rate, ct_amount, ct_per_value, ct_per_unit,
# positive list, source
TAX_PROFILES = [
    ("1901101090", "婴儿配方奶粉", "Infant formula (retail)", "0.15", "0", "0.13",
     "none", "0", "0", None, "", True, "cbec-rules.md §8 S41/S42"),
    ("3304990099", "其他美容护肤品", "Other beauty and skincare preparations", "0.01", None,
     "0.13", "high_end_cosmetic", "0.15", "0", None, "", True, "cbec-rules.md §4, §8 S44"),
    ("3304100090", "唇用化妆品", "Lip make-up preparations", "0.01", None, "0.13",
     "high_end_cosmetic", "0.15", "0", None, "", True, "MFN " + V),
    ("3304200090", "眼用化妆品", "Eye make-up preparations", "0.01", None, "0.13",
     "high_end_cosmetic", "0.15", "0", None, "", True, "MFN " + V),
    ("3305100090", "洗发剂", "Shampoos", "0.03", None, "0.13",
     "none", "0", "0", None, "", True, "cbec-rules.md §8 S46"),
    ("3401300000", "洁肤用有机表面活性产品", "Organic surface-active skin-washing products",
     "0.10", None, "0.13", "none", "0", "0", None, "", True, "MFN " + V),
    ("3306100000", "洁齿品", "Dentifrices", "0.03", None, "0.13",
     "none", "0", "0", None, "", True, "MFN " + V),
    ("1504200090", "鱼油", "Fish oils", "0.12", None, "0.13",
     "none", "0", "0", None, "", True, "MFN and VAT " + V),
    ("2106909090", "其他食品（营养补充剂）", "Food preparations n.e.s. (supplements)", "0.12",
     None, "0.13", "none", "0", "0", None, "", True, "MFN and VAT " + V),
    ("1806900000", "其他巧克力及含可可食品", "Chocolate and cocoa preparations n.e.s.", "0.08",
     None, "0.13", "none", "0", "0", None, "", True, "MFN " + V),
    ("1905310000", "甜饼干", "Sweet biscuits", "0.05", None, "0.13",
     "none", "0", "0", None, "", True, "MFN " + V),
    ("0802120000", "鲜或干的去壳扁桃仁", "Almonds, shelled", "0.10", None, "0.09",
     "none", "0", "0", None, "", True, "VAT 9% agricultural list (cbec-rules.md §3); MFN " + V),
    ("2204210000", "小包装葡萄酒（≤2升）", "Wine in containers ≤ 2 L", "0.14", None, "0.13",
     "ad_valorem", "0.10", "0", None, "", True, "CT cbec-rules.md §4; MFN " + V),
    ("2203000000", "啤酒", "Beer made from malt", "0", None, "0.13",
     "specific", "0", "0.253", "1", "l", True, "cbec-rules.md §8 S22, D10"),
    ("9619001100", "婴儿纸尿裤", "Babies' napkins and napkin liners", "0.075", None, "0.13",
     "none", "0", "0", None, "", True, "MFN " + V),
    ("3924100000", "塑料餐具及厨房用具（奶瓶）", "Plastic tableware (feeding bottles)", "0.10",
     None, "0.13", "none", "0", "0", None, "", True, "MFN " + V),
    ("8509809000", "其他家用电动器具（电动牙刷）", "Domestic electromechanical appliances n.e.s.",
     "0.08", None, "0.13", "none", "0", "0", None, "", True, "MFN " + V),
    ("8516310000", "电吹风", "Hair dryers", "0.08", None, "0.13",
     "none", "0", "0", None, "", True, "MFN " + V),
    ("9307009000", "刀剑及类似武器", "Swords and similar arms", "0.20", None, "0.13",
     "none", "0", "0", None, "", False, "removed from the positive list in 2022 (S40)"),
]  # fmt: skip
TAX_PROFILES_EFFECTIVE = date(2026, 1, 1)

CERTIFICATIONS = [
    ("eu-organic", "欧盟有机认证", "EU organic"),
    ("usda-organic", "美国农业部有机认证", "USDA organic"),
    ("halal", "清真认证", "Halal"),
    ("kosher", "犹太洁食认证", "Kosher"),
    ("ecocert", "ECOCERT 有机认证", "ECOCERT"),
    ("leaping-bunny", "零残忍认证（跳兔）", "Leaping Bunny cruelty-free"),
    ("fsc", "FSC 森林认证包装", "FSC-certified packaging"),
    ("vegan-society", "纯素认证", "Vegan Society"),
]

TAGS = [
    ("fragrance-free", "无香精", "Fragrance-free"),
    ("alcohol-free", "无酒精", "Alcohol-free"),
    ("sustainable-packaging", "环保包装", "Sustainable packaging"),
    ("sensitive-skin", "敏感肌适用", "For sensitive skin"),
    ("paraben-free", "无尼泊金酯", "Paraben-free"),
    ("hypoallergenic", "低致敏", "Hypoallergenic"),
    ("sugar-free", "无添加糖", "No added sugar"),
    ("gluten-free", "无麸质", "Gluten-free"),
    ("a2-protein", "A2 蛋白", "A2 protein"),
    ("grass-fed", "草饲", "Grass-fed"),
    ("reef-safe", "珊瑚友好", "Reef-safe"),
    ("rechargeable", "可充电", "Rechargeable"),
]
