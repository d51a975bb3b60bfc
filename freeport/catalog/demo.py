"""Demo catalog (pure data + generation, no ORM): overseas merchants, fictional brands and
catalog import rows that look like a real bonded exhibition & trading center's range.

Every brand, merchant and product here is invented; names are chosen to read naturally for their
country and avoid real trademarks. `demo_rows(seed)` is deterministic: codes, GTINs and record
numbers never depend on the seed (so loading with another seed updates rather than duplicates);
prices, listing-title badges and the small price jitter do.

Rows use the import format of rows.py and go through services.catalog_import like any file.
"""

import json
import random
from decimal import ROUND_HALF_UP, Decimal

from freeport.kernel.gtin import make_gtin13

# Overseas sellers. customs_code: the 10-character customs registration code of the seller's
# domestic agent (area code 4258 Qingdao Qianwan / 2249 Shanghai Yangshan + type + sequence).
# code, name_zh, name_en, customs_code, country
_MERCHANTS = [
    ("tasman-dairy", "塔斯曼乳业有限公司", "Tasman Dairy Ltd", "4258960013", "NZ"),
    ("lowlands-nutrition", "低地营养有限公司", "Lowlands Nutrition B.V.", "4258960027", "NL"),
    ("southern-cross", "南十字健康有限公司", "Southern Cross Health Pty Ltd", "4258960031", "AU"),
    ("emerald-isle", "翡翠岛食品有限公司", "Emerald Isle Foods Ltd", "4258960045", "IE"),
    ("sakura-trading", "樱花商事株式会社", "Sakura Trading Co., Ltd.", "42589600A8", "JP"),
    ("hanbit-beauty", "韩光美妆株式会社", "Hanbit Beauty Co., Ltd.", "2249960062", "KR"),
    ("maison-lumiere", "光之屋美妆有限公司", "Maison Lumière SAS", "2249960076", "FR"),
    ("alpine-house", "阿尔卑斯之家股份公司", "Alpine House AG", "2249960080", "CH"),
    ("liberty-naturals", "自由天然有限公司", "Liberty Naturals Inc.", "2249960094", "US"),
    ("nordic-lights", "北欧之光贸易有限公司", "Nordic Lights Trading AB", "22499601B3", "SE"),
    ("mediterranea", "地中海臻选有限公司", "Mediterranea S.r.l.", "4258960116", "IT"),
    ("caves-de-france", "法兰西酒窖有限公司", "Caves de France SARL", "4258960120", "FR"),
    ("andes-pacific", "安第斯太平洋酒业有限公司", "Andes Pacific Wines SpA", "4258960134", "CL"),
    ("rheinhandel", "莱茵贸易有限公司", "Rheinhandel GmbH", "2249960148", "DE"),
    ("albion-home", "阿尔比恩家居有限公司", "Albion Home Ltd", "2249960152", "GB"),
    ("maple-grove", "枫林自然有限公司", "Maple Grove Naturals Inc.", "22499601C7", "CA"),
]  # fmt: skip
MERCHANTS = [
    dict(zip(("code", "name_zh", "name_en", "customs_code", "country"), m, strict=True))
    for m in _MERCHANTS
]

# brand slug: (zh, en, country, merchant, GS1 prefix (issuing country), code prefix)
BRANDS = {
    "kowhai-meadows": ("柯伊牧场", "Kowhai Meadows", "NZ", "tasman-dairy", "940", "KWM"),
    "marlborough-sound": ("马尔堡湾", "Marlborough Sound", "NZ", "tasman-dairy", "942", "MBS"),
    "klaverhof": ("克拉弗霍夫", "Klaverhof", "NL", "lowlands-nutrition", "871", "KLV"),
    "sonique": ("声力克", "Sonique", "NL", "lowlands-nutrition", "872", "SNQ"),
    "murray-valley": ("墨瑞谷", "Murray Valley", "AU", "southern-cross", "931", "MRV"),
    "coral-coast": ("珊瑚海岸", "Coral Coast Health", "AU", "southern-cross", "935", "CCH"),
    "barossa-ridge": ("巴罗萨岭", "Barossa Ridge", "AU", "southern-cross", "936", "BRR"),
    "riverland-orchards": ("河地果园", "Riverland Orchards", "AU", "southern-cross", "937", "RVO"),
    "little-wombat": ("小袋熊", "Little Wombat", "AU", "southern-cross", "938", "LWB"),
    "emerald-pastures": ("翡翠牧场", "Emerald Pastures", "IE", "emerald-isle", "539", "EMP"),
    "shirayuki": ("白雪肌研", "Shirayuki Skin Lab", "JP", "sakura-trading", "490", "SYK"),
    "hinata": ("日向", "Hinata UV", "JP", "sakura-trading", "458", "HNT"),
    "mizuho": ("瑞穗发研", "Mizuho Hair Science", "JP", "sakura-trading", "497", "MZH"),
    "fuwari": ("芙瓦丽", "Fuwari", "JP", "sakura-trading", "452", "FWR"),
    "kaze": ("风雅", "Kaze", "JP", "sakura-trading", "453", "KAZ"),
    "siam-herbal": ("暹罗草本", "Siam Herbal", "TH", "sakura-trading", "885", "SMH"),
    "dalbit-lab": ("月光实验室", "Dalbit Lab", "KR", "hanbit-beauty", "880", "DBL"),
    "soomgyeol": ("呼吸肌", "Soomgyeol", "KR", "hanbit-beauty", "880", "SMG"),
    "maison-celeste": ("赛莱斯特之家", "Maison Céleste", "FR", "maison-lumiere", "330", "MCL"),
    "rouge-atelier": ("胭脂工坊", "Rouge Atelier", "FR", "maison-lumiere", "340", "RGA"),
    "alpenglow": ("阿尔卑光", "Alpenglow Cellulaire", "CH", "alpine-house", "761", "APG"),
    "edelweiss": ("雪绒花巧克力", "Chocolaterie Edelweiss", "CH", "alpine-house", "762", "EDW"),
    "liberty-vita": ("自由维他", "Liberty Vita", "US", "liberty-naturals", "008", "LBV"),
    "golden-state": ("金州果园", "Golden State Orchards", "US", "liberty-naturals", "085", "GSO"),
    "nordkap": ("北角", "Nordkap Omega", "NO", "nordic-lights", "709", "NKP"),
    "nordlys": ("北极光烘焙", "Nordlys Bageri", "DK", "nordic-lights", "571", "NLB"),
    "nordic-smile": ("北欧微笑", "Nordic Smile", "SE", "nordic-lights", "731", "NSM"),
    "forno-lucca": ("卢卡烘焙坊", "Forno Lucca", "IT", "mediterranea", "802", "FLC"),
    "sierra-roja": ("红山酒庄", "Bodegas Sierra Roja", "ES", "mediterranea", "841", "SRJ"),
    "chateau-lavergne": ("拉韦尔涅酒庄", "Château Lavergne", "FR", "caves-de-france", "350", "CLV"),
    "maison-brugge": ("布鲁日之家", "Maison Brugge", "BE", "caves-de-france", "541", "MBG"),
    "saint-aurele":
        ("圣奥雷尔修道院", "Abbaye Saint-Aurèle", "BE", "caves-de-france", "543", "SAU"),
    "los-andes-altos":
        ("安第斯高地酒庄", "Viña Los Andes Altos", "CL", "andes-pacific", "780", "LAA"),
    "sonnenkind": ("阳光宝贝", "Sonnenkind", "DE", "rheinhandel", "402", "SNK"),
    "zahnwerk": ("齿研", "Zahnwerk", "DE", "rheinhandel", "401", "ZHW"),
    "falkenstein": ("猎鹰石啤酒", "Bergbrauerei Falkenstein", "DE", "rheinhandel", "400", "FKS"),
    "aerolux": ("艾罗力", "Aerolux", "GB", "albion-home", "505", "ARX"),
    "hartwell": ("哈特威尔", "Hartwell & Co.", "GB", "albion-home", "503", "HTW"),
    "maple-grove": ("枫林自然", "Maple Grove Naturals", "CA", "maple-grove", "754", "MPG"),
}  # fmt: skip

# The HS code of each leaf category (all on reference.TAX_PROFILES).
LEAF_HS = {
    "formula-cow": "1901101090", "formula-goat": "1901101090",
    "face-cream": "3304990099", "serum": "3304990099", "cleanser": "3304990099",
    "sunscreen": "3304990099", "face-mask": "3304990099",
    "lipstick": "3304100090", "eye-makeup": "3304200090", "foundation": "3304990099",
    "fish-oil": "1504200090", "vitamins": "2106909090", "probiotics": "2106909090",
    "chocolate": "1806900000", "biscuits": "1905310000", "nuts": "0802120000",
    "red-wine": "2204210000", "white-wine": "2204210000", "beer": "2203000000",
    "shampoo": "3305100090", "body-wash": "3401300000", "toothpaste": "3306100000",
    "diapers": "9619001100", "feeding-bottles": "3924100000",
    "electric-toothbrush": "8509809000", "hair-dryer": "8516310000",
}  # fmt: skip

# Record (registration / filing) number prefix per leaf: SAMR formula registration "YP", imported
# cosmetics filing "JZB", health food filing "JSB", food "JSP", alcohol "JJS", CCC "3C", ...
RECORD_PREFIX = {
    "formula-cow": "YP", "formula-goat": "YP", "face-cream": "JZB", "serum": "JZB",
    "cleanser": "JZB", "sunscreen": "JZT", "face-mask": "JZB", "lipstick": "JZB",
    "eye-makeup": "JZB", "foundation": "JZB", "fish-oil": "JSB", "vitamins": "JSB",
    "probiotics": "JSB", "chocolate": "JSP", "biscuits": "JSP", "nuts": "JSP",
    "red-wine": "JJS", "white-wine": "JJS", "beer": "JJS", "shampoo": "JZB",
    "body-wash": "JZB", "toothpaste": "JYK", "diapers": "JMY", "feeding-bottles": "JMY",
    "electric-toothbrush": "3C", "hair-dryer": "3C",
}  # fmt: skip

TITLE_BADGES = ["【保税直发】", "【保税仓发货】", "【跨境直供】", "【原装进口】", "", ""]

DIAPER_GUIDE = [
    {"size": "NB", "fits_zh": "新生儿，5公斤以下", "fits_en": "Newborn, up to 5 kg"},
    {"size": "S", "fits_zh": "4–8公斤", "fits_en": "4–8 kg"},
    {"size": "M", "fits_zh": "6–11公斤", "fits_en": "6–11 kg"},
    {"size": "L", "fits_zh": "9–14公斤", "fits_en": "9–14 kg"},
    {"size": "XL", "fits_zh": "12–17公斤", "fits_en": "12–17 kg"},
]
PANTS_GUIDE = [
    {"size": "M", "fits_zh": "6–11公斤（会翻身、爬行）", "fits_en": "6–11 kg (rolling, crawling)"},
    {"size": "L", "fits_zh": "9–14公斤（学步期）", "fits_en": "9–14 kg (first steps)"},
    {"size": "XL", "fits_zh": "12–17公斤（走跑自如）", "fits_en": "12–17 kg (walking, running)"},
]


# ---------------------------------------------------------------- variant helpers


def v(key, zh, en, value, unit, net, gross, price):
    """One SKU: code suffix, variant labels, net content, net / gross kg, base price (CNY)."""
    return (key, zh, en, str(value), unit, net, gross, price)


def pack(base, n, discount=0.93):
    """A multipack of `base`: n units, discounted."""
    key, zh, en, value, unit, net, gross, price = base
    total = _num(Decimal(value) * n)
    return (f"{key}X{n}", f"{zh}×{n}", f"{n} × {en}", total, unit, net * n,
            gross * n + 0.05 * (n - 1), price * n * discount)  # fmt: skip


def _num(d: Decimal) -> str:
    return f"{d.normalize():f}"


def shades(items, value, unit, net, gross, price):
    """Colour variants (lipstick, foundation...) sharing size and price."""
    return [v(key, f"{zh} {num}", f"{num} {en}", value, unit, net, gross, price)
            for key, num, zh, en in items]  # fmt: skip


def P(cat, key, zh, en, dzh, den, variants, *, ing=None, life=None, certs=(), tags=(),
      age=None, stage="", guide=None, origin=None, fixed=False):  # fmt: skip
    return {
        "cat": cat, "key": key, "zh": zh, "en": en, "dzh": dzh, "den": den,
        "variants": variants, "ing": ing, "life": life, "certs": list(certs),
        "tags": list(tags), "age": age, "stage": stage, "guide": guide, "origin": origin,
        "fixed": fixed,
    }  # fmt: skip


# ---------------------------------------------------------------- ingredient lists (zh, en)

ING = {
    "formula-a2": (
        "脱脂乳（A2 β-酪蛋白牛乳）、乳糖、植物油（高油酸葵花籽油、大豆油、椰子油）、乳清蛋白粉、"
        "低聚半乳糖、浓缩乳清蛋白、二十二碳六烯酸（DHA，来自鱼油）、花生四烯酸（ARA）、"
        "矿物质（柠檬酸钙、氯化钾、硫酸亚铁、硫酸锌）、维生素（C、E、A、D3、K1、B族）、"
        "胆碱、肌醇、牛磺酸、核苷酸、L-肉碱",
        "Skim milk (A2 beta-casein cow's milk), lactose, vegetable oils (high oleic sunflower, "
        "soybean, coconut), whey protein powder, galacto-oligosaccharides, whey protein "
        "concentrate, docosahexaenoic acid (DHA, from fish oil), arachidonic acid (ARA), "
        "minerals (calcium citrate, potassium chloride, ferrous sulphate, zinc sulphate), "
        "vitamins (C, E, A, D3, K1, B group), choline, inositol, taurine, nucleotides, "
        "L-carnitine",
    ),
    "formula-cow": (
        "脱脂乳、乳糖、植物油（葵花籽油、菜籽油、椰子油）、浓缩乳清蛋白、低聚半乳糖、乳铁蛋白、"
        "DHA（来自金枪鱼油）、ARA、叶黄素、矿物质（磷酸钙、氯化镁、硫酸亚铁、硫酸锌）、"
        "维生素（C、E、A、D3、B族）、胆碱、牛磺酸、核苷酸",
        "Skim milk, lactose, vegetable oils (sunflower, rapeseed, coconut), whey protein "
        "concentrate, galacto-oligosaccharides, lactoferrin, DHA (from tuna oil), ARA, lutein, "
        "minerals (calcium phosphate, magnesium chloride, ferrous sulphate, zinc sulphate), "
        "vitamins (C, E, A, D3, B group), choline, taurine, nucleotides",
    ),
    "formula-organic": (
        "有机脱脂乳、有机乳糖、有机植物油（葵花籽油、菜籽油）、有机乳清蛋白粉、低聚半乳糖、"
        "DHA（来自鱼油）、ARA、矿物质（柠檬酸钙、氯化钾、硫酸亚铁）、维生素（C、E、A、D3）、"
        "胆碱、L-肉碱",
        "Organic skim milk, organic lactose, organic vegetable oils (sunflower, rapeseed), organic "
        "whey protein powder, galacto-oligosaccharides, DHA (from fish oil), ARA, minerals "
        "(calcium citrate, potassium chloride, ferrous sulphate), vitamins (C, E, A, D3), "
        "choline, L-carnitine",
    ),
    "formula-goat": (
        "全脂羊乳、乳糖、植物油（葵花籽油、菜籽油、椰子油）、羊乳清蛋白粉、低聚半乳糖、"
        "DHA（来自鱼油）、ARA、矿物质（碳酸钙、氯化钾、硫酸亚铁、硫酸锌）、"
        "维生素（C、E、A、D3、B族）、胆碱、肌醇、L-肉碱",
        "Whole goat milk, lactose, vegetable oils (sunflower, rapeseed, coconut), goat whey "
        "protein powder, galacto-oligosaccharides, DHA (from fish oil), ARA, minerals (calcium "
        "carbonate, potassium chloride, ferrous sulphate, zinc sulphate), vitamins (C, E, A, D3, "
        "B group), choline, inositol, L-carnitine",
    ),
    "growing-up": (
        "全脂乳粉、脱脂乳粉、乳糖、低聚半乳糖、浓缩乳清蛋白、DHA（来自鱼油）、碳酸钙、"
        "维生素（C、A、D3）、硫酸亚铁、硫酸锌",
        "Whole milk powder, skim milk powder, lactose, galacto-oligosaccharides, whey protein "
        "concentrate, DHA (from fish oil), calcium carbonate, vitamins (C, A, D3), ferrous "
        "sulphate, zinc sulphate",
    ),
    "rice-cream": (
        "水、丁二醇、甘油、米糠油、角鲨烷、聚二甲基硅氧烷、神经酰胺NP、透明质酸钠、米糠提取物、"
        "生育酚、卡波姆、苯氧乙醇",
        "Water, butylene glycol, glycerin, rice bran oil, squalane, dimethicone, ceramide NP, "
        "sodium hyaluronate, rice bran extract, tocopherol, carbomer, phenoxyethanol",
    ),
    "niacinamide": (
        "水、烟酰胺、丙二醇、甘油、传明酸、透明质酸钠、泛醇、尿囊素、黄原胶、苯氧乙醇",
        "Water, niacinamide, propanediol, glycerin, tranexamic acid, sodium hyaluronate, "
        "panthenol, allantoin, xanthan gum, phenoxyethanol",
    ),
    "amino-cleanser": (
        "水、甘油、月桂酰谷氨酸钠、椰油酰甘氨酸钾、椰油酰胺丙基甜菜碱、丙二醇、氯化钠、柠檬酸、"
        "苯氧乙醇",
        "Water, glycerin, sodium lauroyl glutamate, potassium cocoyl glycinate, cocamidopropyl "
        "betaine, propylene glycol, sodium chloride, citric acid, phenoxyethanol",
    ),
    "sake-mask": (
        "水、米发酵产物滤液、甘油、丁二醇、透明质酸钠、尿囊素、羟乙基纤维素、苯氧乙醇",
        "Water, rice ferment filtrate (sake), glycerin, butylene glycol, sodium hyaluronate, "
        "allantoin, hydroxyethylcellulose, phenoxyethanol",
    ),
    "sun-chemical": (
        "水、乙醇、甲氧基肉桂酸乙基己酯、二乙氨羟苯甲酰基苯甲酸己酯、双-乙基己氧苯酚甲氧苯基三嗪、"
        "氧化锌、甘油、聚二甲基硅氧烷、透明质酸钠",
        "Water, alcohol, ethylhexyl methoxycinnamate, diethylamino hydroxybenzoyl hexyl benzoate, "
        "bis-ethylhexyloxyphenol methoxyphenyl triazine, zinc oxide, glycerin, dimethicone, "
        "sodium hyaluronate",
    ),
    "sun-mineral": (
        "水、氧化锌、二氧化钛、辛酸/癸酸甘油三酯、甘油、聚甘油-3 聚蓖麻醇酸酯、燕麦仁提取物、"
        "生育酚",
        "Water, zinc oxide, titanium dioxide, caprylic/capric triglyceride, glycerin, "
        "polyglyceryl-3 polyricinoleate, oat kernel extract, tocopherol",
    ),
    "centella": (
        "积雪草提取物（70%）、水、丁二醇、甘油、羟基积雪草苷、积雪草苷、泛醇、尿囊素、1,2-己二醇",
        "Centella asiatica extract (70%), water, butylene glycol, glycerin, madecassoside, "
        "asiaticoside, panthenol, allantoin, 1,2-hexanediol",
    ),
    "snail": (
        "水、蜗牛分泌物滤液、甘油、丁二醇、烟酰胺、腺苷、透明质酸钠、卡波姆、1,2-己二醇",
        "Water, snail secretion filtrate, glycerin, butylene glycol, niacinamide, adenosine, "
        "sodium hyaluronate, carbomer, 1,2-hexanediol",
    ),
    "green-tea-gel": (
        "水、椰油酰甲基牛磺酸钠、甘油、茶叶提取物、月桂酰谷氨酸钠、柠檬酸、乙基己基甘油",
        "Water, sodium methyl cocoyl taurate, glycerin, Camellia sinensis leaf extract, sodium "
        "lauroyl glutamate, citric acid, ethylhexylglycerin",
    ),
    "sun-essence": (
        "水、甲氧基肉桂酸乙基己酯、丁二醇、胡莫柳酯、乙基己基三嗪酮、丙二醇、积雪草提取物、"
        "透明质酸钠",
        "Water, ethylhexyl methoxycinnamate, butylene glycol, homosalate, ethylhexyl triazone, "
        "propanediol, Centella asiatica extract, sodium hyaluronate",
    ),
    "ceramide": (
        "水、甘油、辛酸/癸酸甘油三酯、神经酰胺NP、胆甾醇、植物鞘氨醇、角鲨烷、泛醇、透明质酸钠",
        "Water, glycerin, caprylic/capric triglyceride, ceramide NP, cholesterol, "
        "phytosphingosine, squalane, panthenol, sodium hyaluronate",
    ),
    "rice-sleeping": (
        "水、米提取物、甘油、丁二醇、牛油果树果脂、烟酰胺、米糠油、透明质酸钠",
        "Water, Oryza sativa (rice) extract, glycerin, butylene glycol, shea butter, "
        "niacinamide, rice bran oil, sodium hyaluronate",
    ),
    "luxe-cream": (
        "水、甘油、牛油果树果脂、角鲨烷、棕榈酰五肽-4、视黄醇棕榈酸酯、大马士革玫瑰花水、"
        "透明质酸钠、生育酚、香精",
        "Water, glycerin, shea butter, squalane, palmitoyl pentapeptide-4, retinyl palmitate, "
        "Rosa damascena flower water, sodium hyaluronate, tocopherol, fragrance",
    ),
    "rose-serum": (
        "水、大马士革玫瑰花水、丁二醇、甘油、腺苷、乙酰基六肽-8、透明质酸钠、胶体金、苯氧乙醇",
        "Water, Rosa damascena flower water, butylene glycol, glycerin, adenosine, acetyl "
        "hexapeptide-8, sodium hyaluronate, colloidal gold, phenoxyethanol",
    ),
    "eye-cream": (
        "水、甘油、咖啡因、乙酰基四肽-5、牛油果树果脂、透明质酸钠、生育酚、苯氧乙醇",
        "Water, glycerin, caffeine, acetyl tetrapeptide-5, shea butter, sodium hyaluronate, "
        "tocopherol, phenoxyethanol",
    ),
    "caviar": (
        "水、甘油、鱼子提取物、角鲨烷、牛油果树果脂、锈红杜鹃叶提取物（阿尔卑斯玫瑰）、"
        "棕榈酰三肽-1、透明质酸钠、生育酚",
        "Water, glycerin, caviar extract, squalane, shea butter, Rhododendron ferrugineum (alpine "
        "rose) leaf extract, palmitoyl tripeptide-1, sodium hyaluronate, tocopherol",
    ),
    "stem-cell": (
        "水、苹果果实培养细胞提取物、锈红杜鹃叶提取物、丁二醇、甘油、透明质酸钠、泛醇、苯氧乙醇",
        "Water, Malus domestica fruit cell culture extract, Rhododendron ferrugineum leaf extract, "
        "butylene glycol, glycerin, sodium hyaluronate, panthenol, phenoxyethanol",
    ),
    "glacier-milk": (
        "冰川水、辛酸/癸酸甘油三酯、甘油、鲸蜡硬脂醇、矢车菊花水、甜扁桃油、卡波姆、苯氧乙醇",
        "Glacier water, caprylic/capric triglyceride, glycerin, cetearyl alcohol, cornflower "
        "water, sweet almond oil, carbomer, phenoxyethanol",
    ),
    "lipstick": (
        "聚丁烯、辛基十二醇、小烛树蜡、二氧化硅、蜂蜡、生育酚、[+/- CI 15850、CI 77491、CI 77891]",
        "Polybutene, octyldodecanol, candelilla wax, silica, beeswax, tocopherol, [+/- CI 15850, "
        "CI 77491, CI 77891]",
    ),
    "lip-tint": (
        "水、丁二醇、甘油、聚甘油-2、黄原胶、1,2-己二醇、[+/- CI 15985、CI 45410]",
        "Water, butylene glycol, glycerin, polyglycerin-2, xanthan gum, 1,2-hexanediol, "
        "[+/- CI 15985, CI 45410]",
    ),
    "mascara": (
        "水、蜂蜡、硬脂酸、阿拉伯胶、丙烯酸（酯）类共聚物、棕榈酸乙基己酯、泛醇、CI 77499",
        "Water, beeswax, stearic acid, acacia senegal gum, acrylates copolymer, ethylhexyl "
        "palmitate, panthenol, CI 77499",
    ),
    "eyeshadow": (
        "滑石粉、云母、硬脂酸镁、聚二甲基硅氧烷、辛酸/癸酸甘油三酯、[+/- CI 77491、CI 77499、"
        "CI 77891、CI 77742]",
        "Talc, mica, magnesium stearate, dimethicone, caprylic/capric triglyceride, [+/- CI 77491, "
        "CI 77499, CI 77891, CI 77742]",
    ),
    "eyeliner": (
        "水、苯乙烯/丙烯酸（酯）类共聚物、丁二醇、聚山梨醇酯-20、苯氧乙醇、CI 77266",
        "Water, styrene/acrylates copolymer, butylene glycol, polysorbate 20, phenoxyethanol, "
        "CI 77266",
    ),
    "foundation": (
        "水、环五聚二甲基硅氧烷、二氧化钛、甘油、丁二醇、PEG-10 聚二甲基硅氧烷、透明质酸钠、"
        "[+/- CI 77491、CI 77492、CI 77499]",
        "Water, cyclopentasiloxane, titanium dioxide, glycerin, butylene glycol, PEG-10 "
        "dimethicone, sodium hyaluronate, [+/- CI 77491, CI 77492, CI 77499]",
    ),
    "cushion": (
        "水、环五聚二甲基硅氧烷、甲氧基肉桂酸乙基己酯、二氧化钛、丁二醇、烟酰胺、氧化锌、"
        "[+/- CI 77491、CI 77492]",
        "Water, cyclopentasiloxane, ethylhexyl methoxycinnamate, titanium dioxide, butylene "
        "glycol, niacinamide, zinc oxide, [+/- CI 77491, CI 77492]",
    ),
    "fish-oil": (
        "鱼油（每粒含 EPA 180mg、DHA 120mg）、明胶、甘油、水、d-α-生育酚",
        "Fish oil (per capsule EPA 180 mg, DHA 120 mg), gelatin, glycerin, water, "
        "d-alpha-tocopherol",
    ),
    "omega-3x": (
        "浓缩鱼油（每粒含 EPA 650mg、DHA 450mg）、明胶、甘油、水、d-α-生育酚、迷迭香提取物",
        "Concentrated fish oil (per softgel EPA 650 mg, DHA 450 mg), gelatin, glycerin, water, "
        "d-alpha-tocopherol, rosemary extract",
    ),
    "cod-liver": (
        "鳕鱼肝油、天然柠檬香精、d-α-生育酚、迷迭香提取物",
        "Cod liver oil, natural lemon flavour, d-alpha-tocopherol, rosemary extract",
    ),
    "kids-dha": (
        "鱼油（DHA 含量 ≥ 40%）、天然橙味香精、d-α-生育酚、迷迭香提取物",
        "Fish oil (DHA ≥ 40%), natural orange flavour, d-alpha-tocopherol, rosemary extract",
    ),
    "multivitamin": (
        "碳酸钙、氧化镁、维生素C、微晶纤维素、烟酰胺、维生素E、硫酸锌、泛酸钙、维生素B6、"
        "维生素B2、维生素B1、叶酸、维生素D3、维生素B12、硬脂酸镁",
        "Calcium carbonate, magnesium oxide, vitamin C, microcrystalline cellulose, "
        "nicotinamide, vitamin E, zinc sulphate, calcium pantothenate, vitamins B6, B2 and B1, "
        "folic acid, vitamin D3, vitamin B12, magnesium stearate",
    ),
    "vitamin-c": (
        "抗坏血酸钠、木糖醇、抗坏血酸、微晶纤维素、天然橙味香料、硬脂酸镁、柠檬酸",
        "Sodium ascorbate, xylitol, ascorbic acid, microcrystalline cellulose, natural orange "
        "flavour, magnesium stearate, citric acid",
    ),
    "probiotic": (
        "麦芽糊精、鼠李糖乳杆菌、嗜酸乳杆菌、动物双歧杆菌乳亚种、长双歧杆菌、低聚果糖、"
        "羟丙基甲基纤维素（胶囊壳）",
        "Maltodextrin, Lacticaseibacillus rhamnosus, Lactobacillus acidophilus, Bifidobacterium "
        "animalis subsp. lactis, Bifidobacterium longum, fructo-oligosaccharides, hypromellose "
        "(capsule shell)",
    ),
    "vitamin-d3": (
        "红花籽油、明胶、甘油、水、维生素D3（胆钙化醇）",
        "Safflower oil, gelatin, glycerin, water, vitamin D3 (cholecalciferol)",
    ),
    "gummies": (
        "葡萄糖浆、白砂糖、明胶、柠檬酸、浓缩果汁、维生素C、维生素E、维生素A、维生素D3、"
        "柠檬酸锌、胡萝卜浓缩汁（着色）",
        "Glucose syrup, sugar, gelatin, citric acid, fruit juice concentrate, vitamins C, E, A "
        "and D3, zinc citrate, carrot juice concentrate (colour)",
    ),
    "folic": (
        "微晶纤维素、磷酸氢钙、叶酸、硬脂酸镁、二氧化硅",
        "Microcrystalline cellulose, dicalcium phosphate, folic acid, magnesium stearate, silica",
    ),
    "b-complex": (
        "微晶纤维素、烟酰胺、泛酸钙、维生素B6、维生素B2、维生素B1、叶酸、生物素、维生素B12、"
        "硬脂酸镁",
        "Microcrystalline cellulose, nicotinamide, calcium pantothenate, vitamins B6, B2 and B1, "
        "folic acid, biotin, vitamin B12, magnesium stearate",
    ),
    "probiotic-drops": (
        "葵花籽油、中链甘油三酯、罗伊氏粘液乳杆菌",
        "Sunflower oil, medium-chain triglycerides, Limosilactobacillus reuteri",
    ),
    "dark70": (
        "可可液块、白砂糖、可可脂、乳化剂（大豆磷脂）、天然香草香料；可可固形物 ≥ 70%",
        "Cocoa mass, sugar, cocoa butter, emulsifier (soy lecithin), natural vanilla flavouring; "
        "cocoa solids 70% minimum",
    ),
    "dark90": (
        "可可液块、可可脂、低脂可可粉、红糖；可可固形物 ≥ 90%",
        "Cocoa mass, cocoa butter, fat-reduced cocoa powder, brown sugar; cocoa solids 90% minimum",
    ),
    "milk-hazelnut": (
        "白砂糖、全脂乳粉、可可脂、整粒榛子（20%）、可可液块、乳化剂（大豆磷脂）、香草香料",
        "Sugar, whole milk powder, cocoa butter, whole hazelnuts (20%), cocoa mass, emulsifier "
        "(soy lecithin), vanilla flavouring",
    ),
    "alpine-milk": (
        "白砂糖、可可脂、全脂乳粉（瑞士）、可可液块、乳化剂（大豆磷脂）、香草提取物",
        "Sugar, cocoa butter, whole milk powder (Swiss), cocoa mass, emulsifier (soy lecithin), "
        "vanilla extract",
    ),
    "truffles": (
        "白砂糖、可可脂、植物油（葵花籽油）、全脂乳粉、可可液块、稀奶油、榛子、乳化剂（大豆磷脂）、"
        "香兰素",
        "Sugar, cocoa butter, vegetable oil (sunflower), whole milk powder, cocoa mass, cream, "
        "hazelnuts, emulsifier (soy lecithin), vanillin",
    ),
    "pralines": (
        "白砂糖、榛子、可可脂、全脂乳粉、可可液块、椰子油、乳化剂（大豆磷脂）、天然香草香料",
        "Sugar, hazelnuts, cocoa butter, whole milk powder, cocoa mass, coconut oil, emulsifier "
        "(soy lecithin), natural vanilla flavouring",
    ),
    "salted-caramel": (
        "白砂糖、可可脂、全脂乳粉、焦糖（白砂糖、稀奶油）、可可液块、海盐（0.4%）、"
        "乳化剂（大豆磷脂）",
        "Sugar, cocoa butter, whole milk powder, caramel (sugar, cream), cocoa mass, sea salt "
        "(0.4%), emulsifier (soy lecithin)",
    ),
    "espresso-biscuit": (
        "小麦粉、白砂糖、植物油（葵花籽油）、可可粉、阿拉比卡咖啡粉（2%）、全蛋液、"
        "膨松剂（碳酸氢铵、碳酸氢钠）、食用盐",
        "Wheat flour, sugar, vegetable oil (sunflower), cocoa powder, Arabica coffee (2%), whole "
        "egg, raising agents (ammonium and sodium bicarbonates), salt",
    ),
    "cantucci": (
        "小麦粉、白砂糖、扁桃仁（17%）、鸡蛋、黄油、蜂蜜、膨松剂（碳酸氢钠）、天然香料",
        "Wheat flour, sugar, almonds (17%), eggs, butter, honey, raising agent (sodium "
        "bicarbonate), natural flavouring",
    ),
    "shortbread": (
        "小麦粉、黄油（28%）、白砂糖、食用盐",
        "Wheat flour, butter (28%), sugar, salt",
    ),
    "cocoa-hazelnut": (
        "小麦粉、白砂糖、棕榈油、榛子酱（8%）、可可粉、鸡蛋、脱脂乳粉、膨松剂、食用盐",
        "Wheat flour, sugar, palm oil, hazelnut paste (8%), cocoa powder, eggs, skimmed milk "
        "powder, raising agents, salt",
    ),
    "oat-biscuit": (
        "全麦粉（35%）、燕麦片（22%）、植物油（葵花籽油）、红糖、转化糖浆、膨松剂、食用盐",
        "Wholemeal wheat flour (35%), rolled oats (22%), vegetable oil (sunflower), brown sugar, "
        "invert sugar syrup, raising agents, salt",
    ),
    "butter-cookies": (
        "小麦粉、黄油（25%）、白砂糖、椰丝、转化糖浆、食用盐、膨松剂（碳酸氢铵）、天然香草香料",
        "Wheat flour, butter (25%), sugar, desiccated coconut, invert sugar syrup, salt, raising "
        "agent (ammonium bicarbonate), natural vanilla flavouring",
    ),
    "cinnamon-biscuit": (
        "小麦粉、白砂糖、植物油（菜籽油）、红糖糖浆、肉桂粉（1.5%）、膨松剂、食用盐",
        "Wheat flour, sugar, vegetable oil (rapeseed), brown sugar syrup, cinnamon (1.5%), "
        "raising agents, salt",
    ),
    "oat-choc-cookie": (
        "燕麦片（30%）、小麦粉、黄油、黑巧克力（15%）、白砂糖、鸡蛋、膨松剂",
        "Rolled oats (30%), wheat flour, butter, dark chocolate (15%), sugar, eggs, raising agent",
    ),
    "almonds": ("扁桃仁", "Almonds"),
    "sea-salt-almonds": ("扁桃仁、葵花籽油、海盐（1%）", "Almonds, sunflower oil, sea salt (1%)"),
    "honey-almonds": (
        "扁桃仁、白砂糖、蜂蜜（3%）、黄油粉、食用盐、葵花籽油",
        "Almonds, sugar, honey (3%), butter powder, salt, sunflower oil",
    ),
    "wine": ("葡萄汁、二氧化硫（防腐剂）", "Grape must, sulphur dioxide (preservative)"),
    "weizen": ("水、小麦芽、大麦芽、啤酒花、酵母", "Water, wheat malt, barley malt, hops, yeast"),
    "pilsner": ("水、大麦芽、啤酒花", "Water, barley malt, hops"),
    "dunkel": (
        "水、大麦芽、焦香麦芽、啤酒花、酵母",
        "Water, barley malt, roasted malt, hops, yeast",
    ),
    "tripel": ("水、大麦芽、白砂糖、啤酒花、酵母", "Water, barley malt, sugar, hops, yeast"),
    "witbier": (
        "水、大麦芽、小麦、燕麦、橙皮、芫荽籽、啤酒花、酵母",
        "Water, barley malt, wheat, oats, orange peel, coriander seed, hops, yeast",
    ),
    "amino-shampoo": (
        "水、月桂酰甲基丙氨酸钠、椰油酰胺丙基甜菜碱、甘油、椰油酰胺MEA、水解角蛋白、泛醇、柠檬酸、香精",
        "Water, sodium lauroyl methylaminopropionate, cocamidopropyl betaine, glycerin, "
        "cocamide MEA, hydrolyzed keratin, panthenol, citric acid, fragrance",
    ),
    "camellia-shampoo": (
        "水、月桂醇聚醚硫酸酯钠、椰油酰胺丙基甜菜碱、山茶籽油、水解丝蛋白、聚季铵盐-10、柠檬酸、香精",
        "Water, sodium laureth sulfate, cocamidopropyl betaine, Camellia japonica seed oil, "
        "hydrolyzed silk, polyquaternium-10, citric acid, fragrance",
    ),
    "scalp-shampoo": (
        "水、椰油酰甘氨酸钾、吡罗克酮乙醇胺盐、薄荷醇、迷迭香叶提取物、水杨酸、柠檬酸",
        "Water, potassium cocoyl glycinate, piroctone olamine, menthol, rosemary leaf extract, "
        "salicylic acid, citric acid",
    ),
    "ginger-shampoo": (
        "水、月桂醇聚醚硫酸酯钠、椰油酰胺丙基甜菜碱、姜根提取物、何首乌提取物、泛醇、香精",
        "Water, sodium laureth sulfate, cocamidopropyl betaine, ginger root extract, Polygonum "
        "multiflorum root extract, panthenol, fragrance",
    ),
    "rosemary-shampoo": (
        "水、月桂醇聚醚硫酸酯钠、椰油酰胺丙基甜菜碱、迷迭香叶油、泛醇、氯化钠、香精",
        "Water, sodium laureth sulfate, cocamidopropyl betaine, rosemary leaf oil, panthenol, "
        "sodium chloride, fragrance",
    ),
    "coconut-wash": (
        "水、月桂醇聚醚硫酸酯钠、椰油酰胺丙基甜菜碱、甘油、椰子油、柠檬草油、氯化钠、柠檬酸",
        "Water, sodium laureth sulfate, cocamidopropyl betaine, glycerin, coconut oil, "
        "lemongrass oil, sodium chloride, citric acid",
    ),
    "mangosteen-wash": (
        "水、月桂醇聚醚硫酸酯钠、椰油酰胺丙基甜菜碱、山竹果皮提取物、核桃壳粉、甘油、香精",
        "Water, sodium laureth sulfate, cocamidopropyl betaine, mangosteen peel extract, walnut "
        "shell powder, glycerin, fragrance",
    ),
    "jasmine-wash": (
        "水、椰油酰甘氨酸钠、甘油、茉莉花提取物、米糠提取物、椰油基葡糖苷、香精",
        "Water, sodium cocoyl glycinate, glycerin, jasmine flower extract, rice bran extract, "
        "coco-glucoside, fragrance",
    ),
    "pear-wash": (
        "水、月桂醇聚醚硫酸酯钠、椰油酰胺丙基甜菜碱、甘油、香精、氯化钠、柠檬酸、苯甲酸钠",
        "Water, sodium laureth sulfate, cocamidopropyl betaine, glycerin, fragrance, sodium "
        "chloride, citric acid, sodium benzoate",
    ),
    "oat-wash": (
        "水、椰油酰基羟乙磺酸酯钠、甘油、燕麦仁提取物、椰油基葡糖苷、泛醇、柠檬酸",
        "Water, sodium cocoyl isethionate, glycerin, Avena sativa kernel extract, coco-glucoside, "
        "panthenol, citric acid",
    ),
    "sensitive-paste": (
        "山梨醇、水、水合硅石、硝酸钾（5%）、甘油、月桂醇硫酸酯钠、氟化钠（0.145% F）、香精、"
        "羧甲基纤维素钠、糖精钠",
        "Sorbitol, water, hydrated silica, potassium nitrate (5%), glycerin, sodium lauryl "
        "sulfate, sodium fluoride (0.145% F), flavour, cellulose gum, sodium saccharin",
    ),
    "fluoride-paste": (
        "山梨醇、水合硅石、水、甘油、月桂醇硫酸酯钠、单氟磷酸钠（0.145% F）、香精、黄原胶、"
        "二氧化钛",
        "Sorbitol, hydrated silica, water, glycerin, sodium lauryl sulfate, sodium "
        "monofluorophosphate (0.145% F), flavour, xanthan gum, titanium dioxide",
    ),
    "kids-paste": (
        "山梨醇、水、水合硅石、木糖醇、氟化钠（0.05% F）、草莓味香精、羧甲基纤维素钠",
        "Sorbitol, water, hydrated silica, xylitol, sodium fluoride (0.05% F), strawberry "
        "flavour, cellulose gum",
    ),
    "xylitol-paste": (
        "山梨醇、水合硅石、木糖醇（10%）、水、氟化钠、椰油酰胺丙基甜菜碱、薄荷油",
        "Sorbitol, hydrated silica, xylitol (10%), water, sodium fluoride, cocamidopropyl "
        "betaine, peppermint oil",
    ),
    "whitening-paste": (
        "水合硅石、山梨醇、水、焦磷酸四钠、氟化钠、月桂醇硫酸酯钠、香精、二氧化钛",
        "Hydrated silica, sorbitol, water, tetrasodium pyrophosphate, sodium fluoride, sodium "
        "lauryl sulfate, flavour, titanium dioxide",
    ),
    "gum-paste": (
        "山梨醇、水、水合硅石、氟化亚锡、柠檬酸锌、甘油、香精",
        "Sorbitol, water, hydrated silica, stannous fluoride, zinc citrate, glycerin, flavour",
    ),
    "ha-lotion": (
        "水、丁二醇、甘油、透明质酸钠、水解透明质酸、乙酰化透明质酸钠、泛醇、尿囊素、苯氧乙醇",
        "Water, butylene glycol, glycerin, sodium hyaluronate, hydrolyzed hyaluronic acid, "
        "sodium acetylated hyaluronate, panthenol, allantoin, phenoxyethanol",
    ),
    "vitc-serum": (
        "水、抗坏血酸（15%）、乙氧基二甘醇、丙二醇、生育酚、阿魏酸、透明质酸钠、苯氧乙醇",
        "Water, ascorbic acid (15%), ethoxydiglycol, propylene glycol, tocopherol, ferulic acid, "
        "sodium hyaluronate, phenoxyethanol",
    ),
    "night-balm": (
        "水、甘油、牛油果树果脂、高山火绒草提取物、神经酰胺NP、角鲨烷、胆甾醇、生育酚",
        "Water, glycerin, shea butter, Leontopodium alpinum (edelweiss) extract, ceramide NP, "
        "squalane, cholesterol, tocopherol",
    ),
    "calcium-d3": (
        "碳酸钙、微晶纤维素、羟丙基甲基纤维素、维生素D3、硬脂酸镁、二氧化硅",
        "Calcium carbonate, microcrystalline cellulose, hypromellose, vitamin D3, magnesium "
        "stearate, silica",
    ),
    "magnesium": (
        "甘氨酸镁、微晶纤维素、羟丙基甲基纤维素、硬脂酸镁、二氧化硅",
        "Magnesium bisglycinate, microcrystalline cellulose, hypromellose, magnesium stearate, "
        "silica",
    ),
    "lutein": (
        "红花籽油、明胶、甘油、万寿菊提取物（含叶黄素 20mg、玉米黄质 4mg）、水、d-α-生育酚",
        "Safflower oil, gelatin, glycerin, marigold extract (lutein 20 mg, zeaxanthin 4 mg), "
        "water, d-alpha-tocopherol",
    ),
    "kids-chew": (
        "鱼油（含 DHA）、明胶、甘油、木糖醇、天然草莓香精、d-α-生育酚",
        "Fish oil (with DHA), gelatin, glycerin, xylitol, natural strawberry flavour, "
        "d-alpha-tocopherol",
    ),
    "savoiardi": (
        "小麦粉、白砂糖、鸡蛋（30%）、葡萄糖浆、膨松剂（碳酸氢铵、碳酸氢钠）、食用盐",
        "Wheat flour, sugar, eggs (30%), glucose syrup, raising agents (ammonium and sodium "
        "bicarbonates), salt",
    ),
    "white-choc": (
        "白砂糖、可可脂、全脂乳粉（瑞士）、乳化剂（大豆磷脂）、马达加斯加香草籽",
        "Sugar, cocoa butter, whole milk powder (Swiss), emulsifier (soy lecithin), Madagascar "
        "vanilla seeds",
    ),
    "kids-wash": (
        "水、椰油酰甘氨酸钠、椰油酰胺丙基甜菜碱、甘油、月桂酰谷氨酸钠、泛醇、柠檬酸、苯氧乙醇",
        "Water, sodium cocoyl glycinate, cocamidopropyl betaine, glycerin, sodium lauroyl "
        "glutamate, panthenol, citric acid, phenoxyethanol",
    ),
    "herbal-paste": (
        "山梨醇、水、水合硅石、甘油、氟化钠（0.145% F）、母菊花提取物、鼠尾草叶提取物、"
        "没药提取物、香精",
        "Sorbitol, water, hydrated silica, glycerin, sodium fluoride (0.145% F), chamomile "
        "flower extract, sage leaf extract, myrrh extract, flavour",
    ),
}


# ---------------------------------------------------------------- the catalog, brand by brand


def _formula_line(brand, ingredients, dzh, den, *, goat=False, certs=(), tags=(), sizes="std",
                  growing_up=True, stage_names=None, series=("", ""), key="S"):  # fmt: skip
    """Stages 1-3 (GB 10765/10766/10767 age ranges) and a 36+ months growing-up milk."""
    zh_b, en_b = (
        f"{BRANDS[brand][0]} {series[0]}".strip(),
        f"{BRANDS[brand][1]} {series[1]}".strip(),
    )
    milk_zh, milk_en = ("羊奶粉", "Goat Milk ") if goat else ("奶粉", "")
    stage_names = stage_names or ["Stage 1", "Stage 2", "Stage 3", "Stage 4"]
    stages = [
        ("1", (0, 6), f"婴儿配方{milk_zh} 1段", f"{milk_en}Infant Formula Stage 1", 1.0),
        ("2", (6, 12), f"较大婴儿配方{milk_zh} 2段", f"{milk_en}Follow-on Formula Stage 2", 0.97),
        ("3", (12, 36), f"幼儿配方{milk_zh} 3段", f"{milk_en}Toddler Formula Stage 3", 0.93),
    ]
    if growing_up:
        stages.append(("4", (36, None), f"儿童成长{milk_zh} 4段", f"{milk_en}Growing-up Milk "
                       "Stage 4 (3 years+)", 0.82))  # fmt: skip
    base = {"std": 298, "goat": 368, "organic": 338}[sizes]
    out = []
    for i, (n, age, tzh, ten, factor) in enumerate(stages):
        can = v("900G", "900克", "900 g", 900, "g", 0.9, 1.18, base * factor)
        if goat:
            can = v("800G", "800克", "800 g", 800, "g", 0.8, 1.06, base * factor)
        variants = [can, pack(can, 3, 0.92)]
        if n in ("1", "3"):
            variants.append(pack(can, 6, 0.88))
        if goat and n != "4":
            variants.append(v("400G", "400克", "400 g", 400, "g", 0.4, 0.52, base * factor * 0.6))
        if n == "4":
            variants = [can, pack(can, 2, 0.95)]
        ing = ING["growing-up"] if n == "4" else ingredients
        out.append(P(
            "formula-goat" if goat else "formula-cow", f"{key}{n}",
            f"{zh_b} {tzh}", f"{en_b} {ten}", dzh, den, variants, ing=ing, life=730,
            certs=certs, tags=tags, age=age, stage=stage_names[i],
        ))  # fmt: skip
    return out


def _catalog() -> dict[str, list[dict]]:
    """brand slug -> product specs (codes stable: they never depend on the seed)."""
    c: dict[str, list[dict]] = {}

    # ---- infant formula
    c["kowhai-meadows"] = _formula_line(
        "kowhai-meadows",
        ING["formula-a2"],
        "奶源来自新西兰怀卡托地区全年草饲牧场，仅含 A2 型 β-酪蛋白，蛋白结构更温和。添加 DHA、ARA "
        "与低聚半乳糖，支持宝宝脑部发育与肠道健康。新西兰原罐原装进口，保税仓直发，每罐可溯源。",
        "Made with milk from year-round grass-fed farms in New Zealand's Waikato region, "
        "containing only the A2 beta-casein protein. Enriched with DHA, ARA and "
        "galacto-oligosaccharides to support brain development and gut health. Canned in New "
        "Zealand and shipped from the bonded warehouse, every can traceable.",
        certs=["halal"],
        tags=["a2-protein", "grass-fed"],
        series=("A2蛋白", "A2 Protein"),
    )
    c["klaverhof"] = _formula_line(
        "klaverhof",
        ING["formula-goat"],
        "采用荷兰家庭牧场的全脂羊乳，保留天然乳脂与乳清蛋白，口感温和。配方添加 DHA 与益生元，"
        "营养全面易吸收。荷兰原装进口，每批次附出厂检验报告。",
        "Made with whole goat milk from Dutch family farms, keeping the natural milk fat and whey "
        "proteins for a gentle taste. DHA and prebiotics complete a balanced, easily digested "
        "recipe. Imported from the Netherlands with a factory test report for every batch.",
        goat=True,
        sizes="goat",
        tags=["grass-fed"],
        series=("金装", "Gold"),
    )
    c["murray-valley"] = _formula_line(
        "murray-valley",
        ING["formula-cow"],
        "源自澳大利亚墨累河谷的草饲牧场，鲜奶当日加工成粉。添加乳铁蛋白、DHA 与叶黄素，"
        "营养配比参照澳新食品标准。清真认证，澳洲原罐进口。",
        "From grass-fed farms along Australia's Murray River, with fresh milk dried on the day "
        "it is collected. Lactoferrin, DHA and lutein are added, formulated to the Food Standards "
        "Australia New Zealand code. Halal certified, imported in the original Australian can.",
        certs=["halal"],
        tags=["grass-fed"],
    )
    c["emerald-pastures"] = _formula_line(
        "emerald-pastures",
        ING["formula-organic"],
        "爱尔兰奶牛一年超过 300 天户外放牧，欧盟有机认证奶源。配方含有机乳清蛋白与 DHA，"
        "不添加蔗糖与香精。爱尔兰原装进口。",
        "Irish cows graze outdoors more than 300 days a year; the milk is EU-certified organic. "
        "Organic whey protein and DHA, with no added sucrose or flavourings. Imported from "
        "Ireland in the original can.",
        certs=["eu-organic"],
        tags=["grass-fed", "sugar-free"],
        sizes="organic",
        growing_up=False,
        series=("有机", "Organic"),
    )

    # ---- skincare
    c["shirayuki"] = [
        P(
            "face-cream",
            "RB-CREAM",
            "白雪肌研 米糠神经酰胺保湿面霜",
            "Shirayuki Rice Bran Ceramide Moisture Cream",
            "以日本新潟县米糠精华与神经酰胺为核心，深层滋润、修护干燥肌肤屏障。质地丰润不黏腻，"
            "早晚皆可使用。日本本土生产。",
            "Built on rice bran extract from Niigata and ceramides to deeply moisturise and repair "
            "a dry skin barrier. Rich but never sticky, for morning and night. Made in Japan.",
            [
                v("50G", "50克", "50 g", 50, "g", 0.05, 0.16, 368),
                v("50GR", "50克 替换装", "50 g refill", 50, "g", 0.05, 0.09, 318),
            ],
            ing=ING["rice-cream"],
            life=1095,
            tags=["fragrance-free", "paraben-free"],
        ),
        P(
            "serum",
            "NIA-SERUM",
            "白雪肌研 烟酰胺透亮精华液",
            "Shirayuki Niacinamide Brightening Serum",
            "5% 烟酰胺搭配传明酸，淡化暗沉，令肤色均匀透亮。清爽水感质地，叠加其他护肤品不搓泥。",
            "Five per cent niacinamide with tranexamic acid fades dullness for an even, bright "
            "complexion. A light watery texture that layers without pilling.",
            [
                v("30ML", "30毫升", "30 ml", 30, "ml", 0.032, 0.12, 328),
                v("50ML", "50毫升", "50 ml", 50, "ml", 0.053, 0.15, 468),
            ],
            ing=ING["niacinamide"],
            life=1095,
            tags=["alcohol-free", "paraben-free"],
        ),
        P(
            "cleanser",
            "AMINO-FOAM",
            "白雪肌研 氨基酸温和洁面乳",
            "Shirayuki Amino Acid Gentle Cleansing Foam",
            "氨基酸表活，弱酸性配方，绵密泡沫温和带走油脂与污垢。洗后不紧绷，敏感肌也适用。",
            "Amino-acid cleansers in a mildly acidic formula whip into a dense foam that lifts oil "
            "and grime gently. Leaves skin comfortable, never tight; suits sensitive skin.",
            [
                v("120G", "120克", "120 g", 120, "g", 0.12, 0.16, 98),
                pack(v("120G", "120克", "120 g", 120, "g", 0.12, 0.16, 98), 2, 0.9),
            ],
            ing=ING["amino-cleanser"],
            life=1095,
            tags=["sensitive-skin", "paraben-free"],
        ),
        P(
            "face-mask",
            "SAKE-MASK",
            "白雪肌研 清酒酵母精华面膜",
            "Shirayuki Sake Ferment Essence Sheet Mask",
            "萃取清酒发酵滤液，一片含 25 毫升精华，密集补水提亮。日本纯棉膜布，服帖透气。",
            "Rice ferment filtrate from sake brewing, 25 ml of essence per sheet, for intense "
            "hydration and glow. Soft Japanese cotton sheets that cling and breathe.",
            [
                v("7P", "7片装", "7 sheets", 7, "piece", 0.21, 0.28, 139),
                v("30P", "30片 家庭装", "30-sheet family box", 30, "piece", 0.9, 1.1, 459),
            ],
            ing=ING["sake-mask"],
            life=1095,
        ),
        P(
            "face-cream",
            "RB-GEL",
            "白雪肌研 米糠水凝保湿啫喱霜",
            "Shirayuki Rice Bran Aqua Gel Cream",
            "轻薄啫喱质地，适合混合肌与夏季使用。一抹化水，持续保湿 24 小时。",
            "A weightless gel cream for combination skin and summer days. Melts into water on "
            "contact and keeps skin moist for 24 hours.",
            [v("80G", "80克", "80 g", 80, "g", 0.08, 0.2, 258)],
            ing=ING["rice-cream"],
            life=1095,
            tags=["fragrance-free"],
        ),
    ]
    c["hinata"] = [
        P(
            "sunscreen",
            "AQUA-SPF50",
            "日向 清透水感防晒乳 SPF50+ PA++++",
            "Hinata Aqua Gel Sunscreen SPF50+ PA++++",
            "高倍防护 UVA/UVB，水感啫喱质地，成膜快、不泛白。耐水耐汗，适合通勤与户外。",
            "High UVA/UVB protection in a watery gel that sets fast with no white cast. Water- "
            "and sweat-resistant for the commute and the outdoors.",
            [
                v("90G", "90克", "90 g", 90, "g", 0.09, 0.13, 129),
                pack(v("90G", "90克", "90 g", 90, "g", 0.09, 0.13, 129), 2, 0.9),
            ],
            ing=ING["sun-chemical"],
            life=1095,
        ),
        P(
            "sunscreen",
            "KIDS-SPF34",
            "日向 儿童温和物理防晒乳 SPF34 PA+++",
            "Hinata Kids' Mild Mineral Sun Milk SPF34 PA+++",
            "纯物理防晒剂氧化锌与二氧化钛，不含酒精与香精。温和配方，适合儿童与敏感肌，"
            "清水加普通沐浴露即可洗净。",
            "Mineral filters only (zinc oxide and titanium dioxide), no alcohol, no fragrance. "
            "Gentle enough for children and sensitive skin; washes off with ordinary body wash.",
            [v("90ML", "90毫升", "90 ml", 90, "ml", 0.095, 0.14, 139)],
            ing=ING["sun-mineral"],
            life=1095,
            tags=["fragrance-free", "alcohol-free", "sensitive-skin", "reef-safe"],
        ),
        P(
            "sunscreen",
            "REEF-SPF50",
            "日向 珊瑚友好矿物防晒霜 SPF50 PA++++",
            "Hinata Reef-Safe Mineral Sun Cream SPF50 PA++++",
            "不含氧苯酮与甲氧基肉桂酸辛酯，海边潜水也安心。高倍物理防护，质地柔滑易推开。",
            "Free of oxybenzone and octinoxate, so it is fine for snorkelling over reefs. High "
            "mineral protection in a smooth, easily spread cream.",
            [
                v("60G", "60克", "60 g", 60, "g", 0.06, 0.1, 169),
                pack(v("60G", "60克", "60 g", 60, "g", 0.06, 0.1, 169), 2, 0.9),
            ],
            ing=ING["sun-mineral"],
            life=1095,
            tags=["reef-safe", "alcohol-free"],
        ),
    ]
    c["dalbit-lab"] = [
        P(
            "serum",
            "CICA-AMP",
            "月光实验室 积雪草舒缓修护安瓶精华",
            "Dalbit Lab Centella Calming Ampoule",
            "70% 积雪草提取物，快速舒缓泛红与痘后敏感。无酒精无香精，敏感肌日常修护之选。",
            "Seventy per cent centella extract quickly calms redness and post-breakout "
            "sensitivity. No alcohol, no fragrance: an everyday repair step for sensitive skin.",
            [
                v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.14, 159),
                v("100ML", "100毫升", "100 ml", 100, "ml", 0.104, 0.22, 269),
            ],
            ing=ING["centella"],
            life=1095,
            tags=["fragrance-free", "alcohol-free", "sensitive-skin"],
            certs=["vegan-society"],
        ),
        P(
            "face-mask",
            "SNAIL-MASK",
            "月光实验室 蜗牛原液修护面膜",
            "Dalbit Lab Snail Mucin Repair Sheet Mask",
            "蜗牛分泌物滤液配合烟酰胺，修护屏障、改善粗糙。韩国原装，每片独立包装。",
            "Snail secretion filtrate with niacinamide repairs the barrier and smooths rough "
            "texture. Made in Korea, each sheet individually sealed.",
            [
                v("10P", "10片装", "10 sheets", 10, "piece", 0.25, 0.34, 99),
                v("30P", "30片装", "30 sheets", 30, "piece", 0.75, 0.95, 259),
            ],
            ing=ING["snail"],
            life=1095,
        ),
    ]
    c["soomgyeol"] = [
        P(
            "cleanser",
            "GT-GEL",
            "呼吸肌 弱酸性绿茶洁面啫喱",
            "Soomgyeol Low-pH Green Tea Cleansing Gel",
            "济州岛绿茶提取物，pH 5.5 弱酸性，温和清洁不破坏屏障。早晨洗脸也不干燥。",
            "Green tea from Jeju in a pH 5.5 gel that cleans without stripping the skin barrier. "
            "Gentle enough for a morning wash.",
            [
                v("150ML", "150毫升", "150 ml", 150, "ml", 0.155, 0.2, 119),
                v("300ML", "300毫升 大容量", "300 ml jumbo", 300, "ml", 0.31, 0.37, 199),
            ],
            ing=ING["green-tea-gel"],
            life=1095,
            tags=["sensitive-skin"],
            certs=["vegan-society", "leaping-bunny"],
        ),
        P(
            "sunscreen",
            "SUN-ESS",
            "呼吸肌 水感防晒精华 SPF50+ PA++++",
            "Soomgyeol Watery Sun Essence SPF50+ PA++++",
            "精华般的防晒，轻薄无油光，可作妆前打底。含积雪草，防晒同时舒缓肌肤。",
            "A sunscreen that feels like a serum: weightless, no shine, doubles as a primer. "
            "Centella calms the skin while it protects.",
            [
                v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.1, 128),
                pack(v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.1, 128), 2, 0.9),
            ],
            ing=ING["sun-essence"],
            life=1095,
            certs=["leaping-bunny"],
        ),
        P(
            "face-cream",
            "CER-CREAM",
            "呼吸肌 神经酰胺屏障修护霜",
            "Soomgyeol Ceramide Barrier Cream",
            "三重神经酰胺与胆固醇按肌肤天然比例配比，修护干燥受损屏障。无香精，低致敏测试通过。",
            "Three ceramides and cholesterol in the skin's own ratio rebuild a dry, damaged "
            "barrier. Fragrance-free and hypoallergenic-tested.",
            [v("80ML", "80毫升", "80 ml", 80, "ml", 0.082, 0.17, 189)],
            ing=ING["ceramide"],
            life=1095,
            tags=["fragrance-free", "hypoallergenic"],
            certs=["leaping-bunny"],
        ),
        P(
            "face-mask",
            "RICE-SLEEP",
            "呼吸肌 米乳睡眠面膜",
            "Soomgyeol Rice Milk Sleeping Mask",
            "睡前厚涂，整夜锁水，次日清晨肌肤柔软透亮。免洗配方，每周 2–3 次。",
            "Apply thickly before bed to lock in moisture all night and wake to soft, radiant "
            "skin. Leave-on; use two or three times a week.",
            [v("100ML", "100毫升", "100 ml", 100, "ml", 0.1, 0.18, 149)],
            ing=ING["rice-sleeping"],
            life=1095,
        ),
    ]
    c["maison-celeste"] = [
        P(
            "face-cream",
            "SUPREME-NIGHT",
            "赛莱斯特之家 臻致焕颜晚霜",
            "Maison Céleste Crème Suprême Night Cream",
            "法国格拉斯玫瑰与胜肽复合物，夜间修护细纹、提升紧致。丰盈霜体，在巴黎附近实验室灌装。"
            "奢华护肤，适合 30 岁以上肌肤。",
            "Grasse rose and a peptide complex work overnight on fine lines and firmness. A rich "
            "cream filled in a laboratory outside Paris. Luxury care for skin over thirty.",
            [
                v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.32, 1980),
                v("15ML", "15毫升 旅行装", "15 ml travel size", 15, "ml", 0.016, 0.08, 698),
            ],
            ing=ING["luxe-cream"],
            life=1095,
        ),
        P(
            "serum",
            "ROSE-GOLD",
            "赛莱斯特之家 玫瑰金焕活精华",
            "Maison Céleste Rose Gold Renewal Serum",
            "大马士革玫瑰花水与胶体金，令肌肤光彩焕活。六胜肽淡化表情纹，早晚使用。",
            "Damask rose water and colloidal gold bring back radiance; acetyl hexapeptide-8 "
            "softens expression lines. Morning and night.",
            [
                v("30ML", "30毫升", "30 ml", 30, "ml", 0.031, 0.2, 1280),
                v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.26, 1880),
            ],
            ing=ING["rose-serum"],
            life=1095,
            tags=["paraben-free"],
        ),
        P(
            "face-cream",
            "EYE-CONTOUR",
            "赛莱斯特之家 眼部紧致精华霜",
            "Maison Céleste Eye Contour Cream",
            "咖啡因与四胜肽，改善浮肿与黑眼圈。陶瓷按摩头，冷感上眼。",
            "Caffeine and tetrapeptide-5 reduce puffiness and dark circles. Cooling ceramic "
            "applicator tip.",
            [v("15ML", "15毫升", "15 ml", 15, "ml", 0.016, 0.11, 880)],
            ing=ING["eye-cream"],
            life=1095,
            tags=["fragrance-free"],
        ),
        P(
            "face-mask",
            "GOLD-MASK",
            "赛莱斯特之家 黄金焕颜面膜",
            "Maison Céleste Gold Radiance Sheet Mask",
            "双层生物纤维膜布，每片浸润 30 毫升玫瑰金精华。重要场合前的急救焕颜。",
            "Two-layer bio-cellulose sheets, each soaked in 30 ml of rose-gold essence: the "
            "pre-event radiance rescue.",
            [v("5P", "5片装", "5 sheets", 5, "piece", 0.16, 0.3, 780)],
            ing=ING["rose-serum"],
            life=1095,
        ),
    ]
    c["alpenglow"] = [
        P(
            "face-cream",
            "CAVIAR-CREAM",
            "阿尔卑光 鱼子精华紧致面霜",
            "Alpenglow Caviar Firming Cream",
            "瑞士实验室研发，鱼子提取物与阿尔卑斯玫瑰叶精华，紧致轮廓、滋养熟龄肌。"
            "厚重玻璃瓶，附按压式小勺。",
            "Developed in a Swiss laboratory with caviar extract and alpine rose leaf to firm the "
            "contours and nourish mature skin. Heavy glass jar with a spatula.",
            [
                v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.42, 2380),
                v("100ML", "100毫升 尊享装", "100 ml prestige size", 100, "ml", 0.104, 0.68, 4280),
            ],
            ing=ING["caviar"],
            life=1095,
        ),
        P(
            "serum",
            "STEM-SERUM",
            "阿尔卑光 苹果干细胞精华",
            "Alpenglow Alpine Apple Stem-Cell Serum",
            "瑞士珍稀苹果培养细胞提取物，激活肌肤活力，抵御环境压力。轻盈乳液状，快速吸收。",
            "Cell-culture extract of a rare Swiss apple energises skin and defends against "
            "environmental stress. A light milky serum that sinks in quickly.",
            [v("30ML", "30毫升", "30 ml", 30, "ml", 0.031, 0.22, 1580)],
            ing=ING["stem-cell"],
            life=1095,
            tags=["paraben-free"],
        ),
        P(
            "cleanser",
            "GLACIER-MILK",
            "阿尔卑光 冰川水洁面乳",
            "Alpenglow Glacier Water Cleansing Milk",
            "阿尔卑斯冰川水与矢车菊花水，温和卸除淡妆与污垢。乳液质地，可直接用化妆棉擦拭。",
            "Alpine glacier water and cornflower water remove light make-up and grime gently. A "
            "milky lotion you can simply wipe off with a cotton pad.",
            [v("200ML", "200毫升", "200 ml", 200, "ml", 0.205, 0.3, 480)],
            ing=ING["glacier-milk"],
            life=1095,
            tags=["sensitive-skin"],
        ),
    ]

    # ---- makeup
    rouge_lips = [("999", "999", "正红", "Rouge Absolu"), ("520", "520", "玫瑰豆沙", "Rose Nude"),
                  ("888", "888", "焦糖奶茶", "Caramel"), ("430", "430", "珊瑚橘", "Corail"),
                  ("610", "610", "莓果紫", "Berry"),
                  ("303", "303", "复古砖红", "Terracotta")]  # fmt: skip
    c["rouge-atelier"] = [
        P(
            "lipstick",
            "VELOURS",
            "胭脂工坊 丝绒哑光唇膏",
            "Rouge Atelier Velours Matte Lipstick",
            "高饱和丝绒哑光妆效，一抹显色，持妆 8 小时不拔干。金色磁吸管身，巴黎设计。",
            "High-pigment velvet matte colour in one stroke, eight hours of wear without drying. "
            "Magnetic gold case designed in Paris.",
            shades(rouge_lips, 3.5, "g", 0.004, 0.06, 320),
            ing=ING["lipstick"],
            life=1095,
        ),
        P(
            "eye-makeup",
            "MASCARA",
            "胭脂工坊 浓密卷翘睫毛膏",
            "Rouge Atelier Volume Curl Mascara",
            "弧形刷头一刷根根分明，浓密卷翘一整天。防水配方，温水即可卸除。",
            "A curved brush separates every lash for volume and curl that last all day. "
            "Water-resistant, removes with warm water.",
            shades(
                [("NOIR", "01", "黑色", "Noir"), ("BRUN", "02", "棕色", "Brun")],
                8,
                "ml",
                0.009,
                0.05,
                280,
            ),
            ing=ING["mascara"],
            life=1095,
        ),
        P(
            "eye-makeup",
            "PALETTE",
            "胭脂工坊 十色眼影盘",
            "Rouge Atelier 10-Colour Eyeshadow Palette",
            "哑光、珠光与闪片十色组合，日常通勤与晚宴妆皆可。粉质细腻，不飞粉。",
            "Ten matte, pearl and glitter shades for office looks and evening glamour. Finely "
            "milled powders with no fallout.",
            shades(
                [
                    ("NUDE", "01", "裸色大地", "Nude Earth"),
                    ("ROSE", "02", "玫瑰烟熏", "Smoky Rose"),
                    ("TAUPE", "03", "灰调摩卡", "Taupe Mocha"),
                ],
                10,
                "g",
                0.01,
                0.12,
                560,
            ),
            ing=ING["eyeshadow"],
            life=1095,
        ),
        P(
            "foundation",
            "SATIN",
            "胭脂工坊 柔光持妆粉底液 SPF15",
            "Rouge Atelier Satin Glow Foundation SPF15",
            "轻薄柔光妆效，遮瑕自然，全天持妆。添加透明质酸，干皮也不卡粉。",
            "A light, satin finish with natural coverage that lasts all day. Hyaluronic acid keeps "
            "even dry skin smooth.",
            shades(
                [
                    ("1N", "1N", "象牙白", "Ivory"),
                    ("2N", "2N", "自然色", "Natural"),
                    ("2W", "2W", "暖米色", "Warm Beige"),
                    ("3N", "3N", "小麦色", "Sand"),
                ],
                30,
                "ml",
                0.032,
                0.15,
                460,
            ),
            ing=ING["foundation"],
            life=1095,
        ),
    ]
    c["dalbit-lab"] += [
        P(
            "lipstick",
            "GLASS-TINT",
            "月光实验室 水光镜面唇釉",
            "Dalbit Lab Glass Lip Tint",
            "镜面水光质地，持色不沾杯。清透果冻感，叠涂可调深浅。",
            "A mirror-shine tint that stays put and will not transfer to cups. Jelly-clear colour "
            "you can build up layer by layer.",
            shades(
                [
                    ("01", "01", "樱花粉", "Cherry Blossom"),
                    ("02", "02", "西柚", "Grapefruit"),
                    ("03", "03", "枫叶红", "Maple"),
                    ("04", "04", "奶茶", "Milk Tea"),
                    ("05", "05", "梅子", "Plum"),
                ],
                4,
                "g",
                0.004,
                0.03,
                89,
            ),
            ing=ING["lip-tint"],
            life=1095,
            certs=["vegan-society"],
        ),
        P(
            "eye-makeup",
            "SLIM-LINER",
            "月光实验室 极细防水眼线液笔",
            "Dalbit Lab Ultra-Slim Waterproof Eyeliner",
            "0.1 毫米极细笔尖，新手也能画出流畅线条。防水防汗，不晕染。",
            "A 0.1 mm tip that lets even beginners draw a smooth line. Waterproof, sweat-proof, "
            "smudge-proof.",
            shades(
                [("BK", "01", "深黑", "Deep Black"), ("BR", "02", "棕色", "Brown")],
                0.5,
                "g",
                0.001,
                0.02,
                79,
            ),
            ing=ING["eyeliner"],
            life=1095,
        ),
        P(
            "foundation",
            "CUSHION",
            "月光实验室 水光气垫粉底 SPF50+ PA+++",
            "Dalbit Lab Dewy Cushion Foundation SPF50+ PA+++",
            "一盒两芯（含替换芯），水光肌妆效，自带防晒。网格粉扑，上妆轻薄均匀。",
            "Comes with a refill; a dewy glass-skin finish with built-in sun protection. Mesh "
            "puff for a thin, even layer.",
            shades(
                [
                    ("13", "13", "瓷白", "Porcelain"),
                    ("21", "21", "亮肤", "Light"),
                    ("23", "23", "自然", "Natural"),
                ],
                30,
                "g",
                0.03,
                0.14,
                179,
            ),
            ing=ING["cushion"],
            life=1095,
        ),
    ]

    # ---- health supplements
    c["coral-coast"] = [
        P(
            "fish-oil",
            "FISHOIL-1000",
            "珊瑚海岸 深海鱼油软胶囊 1000mg",
            "Coral Coast Odourless Fish Oil 1000 mg",
            "澳大利亚 TGA 认证工厂生产，分子蒸馏去除重金属。无腥味软胶囊，每日 2 粒。",
            "Made in a TGA-licensed Australian facility, molecularly distilled to remove heavy "
            "metals. Odourless softgels; two a day.",
            [
                v("200C", "200粒", "200 capsules", 200, "piece", 0.3, 0.4, 139),
                v("400C", "400粒", "400 capsules", 400, "piece", 0.6, 0.75, 239),
            ],
            ing=ING["fish-oil"],
            life=1095,
        ),
        P(
            "vitamins",
            "WOMENS-MULTI",
            "珊瑚海岸 女士复合维生素",
            "Coral Coast Women's Multivitamin",
            "含 B 族、铁与叶酸等 25 种营养素，满足女性日常需求。每日 1 片，随餐服用。",
            "Twenty-five nutrients including B vitamins, iron and folic acid for women's daily "
            "needs. One tablet a day with food.",
            [
                v("60T", "60片", "60 tablets", 60, "piece", 0.09, 0.16, 159),
                v("120T", "120片", "120 tablets", 120, "piece", 0.18, 0.28, 269),
            ],
            ing=ING["multivitamin"],
            life=730,
        ),
        P(
            "vitamins",
            "VITC-500",
            "珊瑚海岸 维生素C咀嚼片 500mg",
            "Coral Coast Vitamin C 500 mg Chewable",
            "香甜橙味咀嚼片，木糖醇代替蔗糖。全家适用，4 岁以上儿童每日半片。",
            "Sweet orange chewables sweetened with xylitol instead of sugar. For the whole family; "
            "children over four take half a tablet.",
            [
                v("120T", "120片", "120 tablets", 120, "piece", 0.21, 0.3, 99),
                v("300T", "300片", "300 tablets", 300, "piece", 0.52, 0.66, 199),
            ],
            ing=ING["vitamin-c"],
            life=730,
            tags=["sugar-free"],
        ),
        P(
            "probiotics",
            "PRO-30B",
            "珊瑚海岸 益生菌胶囊 300亿活菌",
            "Coral Coast Probiotic 30 Billion CFU",
            "4 种菌株组合，每粒含 300 亿活性益生菌。独立铝箔泡罩，常温保存。",
            "Four strains, 30 billion live cultures per capsule. Individual foil blisters, no "
            "refrigeration needed.",
            [
                v("30C", "30粒", "30 capsules", 30, "piece", 0.02, 0.08, 159),
                v("90C", "90粒", "90 capsules", 90, "piece", 0.06, 0.16, 399),
            ],
            ing=ING["probiotic"],
            life=730,
            tags=["gluten-free"],
        ),
    ]
    c["liberty-vita"] = [
        P(
            "vitamins",
            "D3-2000",
            "自由维他 维生素D3软胶囊 2000IU",
            "Liberty Vita Vitamin D3 2000 IU Softgels",
            "每粒 2000IU 维生素 D3，支持钙吸收与骨骼健康。迷你软胶囊，易吞咽。",
            "2,000 IU of vitamin D3 per softgel to support calcium absorption and bone health. "
            "Mini softgels that are easy to swallow.",
            [
                v("180S", "180粒", "180 softgels", 180, "piece", 0.05, 0.12, 119),
                v("360S", "360粒", "360 softgels", 360, "piece", 0.1, 0.18, 199),
            ],
            ing=ING["vitamin-d3"],
            life=730,
            tags=["gluten-free"],
        ),
        P(
            "vitamins",
            "KIDS-GUMMY",
            "自由维他 儿童复合维生素软糖",
            "Liberty Vita Kids' Multivitamin Gummies",
            "水果味软糖，含维生素 A、C、D3、E 与锌。适合 4 岁以上儿童，每日 2 粒。",
            "Fruit-flavoured gummies with vitamins A, C, D3, E and zinc. For children four and "
            "over, two a day.",
            [
                v("70P", "70粒", "70 gummies", 70, "piece", 0.2, 0.28, 109),
                v("140P", "140粒", "140 gummies", 140, "piece", 0.4, 0.5, 189),
            ],
            ing=ING["gummies"],
            life=730,
            tags=["gluten-free"],
        ),
        P(
            "vitamins",
            "FOLIC-800",
            "自由维他 孕期叶酸片 800mcg",
            "Liberty Vita Folic Acid 800 mcg",
            "备孕及孕期女性适用，每片 800 微克叶酸。小片设计，每日 1 片。",
            "For women planning a pregnancy or pregnant: 800 mcg of folic acid per small tablet, "
            "once a day.",
            [v("250T", "250片", "250 tablets", 250, "piece", 0.06, 0.12, 89)],
            ing=ING["folic"],
            life=730,
        ),
        P(
            "probiotics",
            "WOMENS-PRO",
            "自由维他 女性益生菌",
            "Liberty Vita Women's Probiotic",
            "针对女性私护与肠道的 10 种菌株，每粒 200 亿活菌。美国 cGMP 工厂生产。",
            "Ten strains for intimate and gut health, 20 billion live cultures per capsule. Made "
            "in a US cGMP facility.",
            [v("60C", "60粒", "60 capsules", 60, "piece", 0.04, 0.1, 229)],
            ing=ING["probiotic"],
            life=730,
        ),
        P(
            "fish-oil",
            "OMEGA3-TRIPLE",
            "自由维他 三倍浓缩 Omega-3 鱼油",
            "Liberty Vita Triple Strength Omega-3",
            "每粒含 EPA 650mg 与 DHA 450mg，rTG 型鱼油吸收更好。柠檬味肠溶软胶囊，无鱼腥回味。",
            "650 mg EPA and 450 mg DHA per softgel in the well-absorbed rTG form. Lemon-flavoured "
            "enteric softgels with no fishy aftertaste.",
            [
                v("90S", "90粒", "90 softgels", 90, "piece", 0.16, 0.24, 219),
                v("180S", "180粒", "180 softgels", 180, "piece", 0.32, 0.42, 389),
            ],
            ing=ING["omega-3x"],
            life=730,
        ),
    ]
    c["nordkap"] = [
        P(
            "fish-oil",
            "COD-LIVER",
            "北角 北极鳕鱼肝油 柠檬味",
            "Nordkap Arctic Cod Liver Oil, Lemon",
            "挪威罗弗敦群岛野生鳕鱼，富含天然维生素 A、D 与 Omega-3。液体装，每日 5 毫升，"
            "开封后请冷藏。",
            "Wild Arctic cod from Norway's Lofoten islands, naturally rich in vitamins A and D and "
            "omega-3. Liquid, 5 ml a day; refrigerate after opening.",
            [
                v("250ML", "250毫升", "250 ml", 250, "ml", 0.23, 0.5, 189),
                pack(v("250ML", "250毫升", "250 ml", 250, "ml", 0.23, 0.5, 189), 2, 0.9),
            ],
            ing=ING["cod-liver"],
            life=730,
        ),
        P(
            "fish-oil",
            "OMEGA-ULTRA",
            "北角 高纯度 Omega-3 软胶囊",
            "Nordkap Omega-3 Ultra Softgels",
            "挪威本土精炼，符合欧洲药典纯度标准。每日 2 粒，支持心脑血管健康。",
            "Refined in Norway to European Pharmacopoeia purity. Two softgels a day support heart "
            "and brain health.",
            [v("120S", "120粒", "120 softgels", 120, "piece", 0.2, 0.28, 259)],
            ing=ING["omega-3x"],
            life=730,
        ),
        P(
            "fish-oil",
            "KIDS-DHA",
            "北角 儿童 DHA 鱼油 橙子味",
            "Nordkap Kids' DHA Fish Oil, Orange",
            "专为 3 岁以上儿童调配的高 DHA 液体鱼油，橙子味孩子爱喝。每日 2.5 毫升。",
            "A high-DHA liquid fish oil for children over three, in an orange flavour they enjoy. "
            "2.5 ml a day.",
            [v("150ML", "150毫升", "150 ml", 150, "ml", 0.14, 0.36, 169)],
            ing=ING["kids-dha"],
            life=730,
        ),
    ]
    c["maple-grove"] = [
        P(
            "probiotics",
            "BABY-DROPS",
            "枫林自然 婴幼儿益生菌滴剂",
            "Maple Grove Baby Probiotic Drops",
            "单一菌株罗伊氏乳杆菌，每日 5 滴，可滴入奶中服用。加拿大原装，无乳糖。",
            "A single L. reuteri strain; five drops a day, straight or in milk. Made in Canada, "
            "lactose-free.",
            [v("8ML", "8毫升", "8 ml", 8, "ml", 0.008, 0.06, 169)],
            ing=ING["probiotic-drops"],
            life=540,
            tags=["hypoallergenic"],
        ),
        P(
            "vitamins",
            "B-COMPLEX",
            "枫林自然 维生素B族",
            "Maple Grove Vitamin B Complex",
            "8 种 B 族维生素协同，缓解疲劳、支持能量代谢。缓释片，一日 1 片。",
            "All eight B vitamins together to fight fatigue and support energy metabolism. "
            "Time-release tablet, one a day.",
            [
                v("90T", "90片", "90 tablets", 90, "piece", 0.12, 0.2, 129),
                v("180T", "180片", "180 tablets", 180, "piece", 0.24, 0.34, 219),
            ],
            ing=ING["b-complex"],
            life=730,
            certs=["vegan-society"],
        ),
        P(
            "probiotics",
            "PRO-50B",
            "枫林自然 成人益生菌 500亿",
            "Maple Grove Probiotic 50 Billion",
            "每粒 500 亿活菌，12 种菌株，耐胃酸肠溶胶囊。加拿大卫生部天然产品号（NPN）注册。",
            "50 billion live cultures from 12 strains in an acid-resistant capsule. Registered "
            "with a Health Canada Natural Product Number.",
            [
                v("30C", "30粒", "30 capsules", 30, "piece", 0.02, 0.08, 199),
                v("60C", "60粒", "60 capsules", 60, "piece", 0.04, 0.11, 349),
            ],
            ing=ING["probiotic"],
            life=730,
            certs=["vegan-society"],
            tags=["gluten-free"],
        ),
    ]

    # ---- snacks
    bar = v("100G", "100克", "100 g", 100, "g", 0.1, 0.11, 35)
    c["edelweiss"] = [
        P(
            "chocolate",
            "DARK70",
            "雪绒花巧克力 70% 黑巧克力",
            "Chocolaterie Edelweiss 70% Dark Chocolate",
            "厄瓜多尔可可豆，瑞士传统精磨 72 小时，口感顺滑带果酸香。",
            "Ecuadorian cocoa conched for 72 hours in the Swiss tradition: silky, with a fruity "
            "acidity.",
            [bar, pack(bar, 5, 0.9)],
            ing=ING["dark70"],
            life=540,
            certs=["kosher"],
        ),
        P(
            "chocolate",
            "DARK90",
            "雪绒花巧克力 90% 特黑巧克力",
            "Chocolaterie Edelweiss 90% Extra Dark Chocolate",
            "90% 可可含量，微甜带烘焙香。适合控糖人群的醇厚之选。",
            "Ninety per cent cocoa, barely sweet with roasted notes: an intense choice for those "
            "watching their sugar.",
            [bar, pack(bar, 5, 0.9)],
            ing=ING["dark90"],
            life=540,
            certs=["kosher"],
        ),
        P(
            "chocolate",
            "HAZELNUT",
            "雪绒花巧克力 整粒榛子牛奶巧克力",
            "Chocolaterie Edelweiss Milk Chocolate with Whole Hazelnuts",
            "阿尔卑斯牛奶巧克力包裹整粒皮埃蒙特榛子，每一口都香脆。",
            "Alpine milk chocolate wrapped around whole Piedmont hazelnuts: crunch in every bite.",
            [
                v("100G", "100克", "100 g", 100, "g", 0.1, 0.11, 39),
                v("300G", "300克 大排", "300 g slab", 300, "g", 0.3, 0.33, 99),
            ],
            ing=ING["milk-hazelnut"],
            life=365,
        ),
        P(
            "chocolate",
            "ALPINE-MILK",
            "雪绒花巧克力 阿尔卑斯牛奶巧克力",
            "Chocolaterie Edelweiss Alpine Milk Chocolate",
            "瑞士高山牧场牛奶制成，奶香浓郁、入口即化。",
            "Made with milk from Swiss alpine pastures: creamy and melting.",
            [bar, pack(bar, 5, 0.9)],
            ing=ING["alpine-milk"],
            life=365,
        ),
        P(
            "chocolate",
            "TRUFFLES",
            "雪绒花巧克力 经典松露巧克力礼盒",
            "Chocolaterie Edelweiss Classic Truffles Gift Box",
            "苏黎世工坊手工制作的松露巧克力，外层可可粉，内心柔软顺滑。精美礼盒，送礼自用皆宜。",
            "Truffles handmade in a Zurich workshop, dusted with cocoa around a soft, smooth "
            "centre. An elegant gift box.",
            [
                v("200G", "200克（16颗）", "200 g (16 pieces)", 200, "g", 0.2, 0.32, 198),
                v("400G", "400克（32颗）", "400 g (32 pieces)", 400, "g", 0.4, 0.58, 368),
            ],
            ing=ING["truffles"],
            life=270,
        ),
    ]
    c["maison-brugge"] = [
        P(
            "chocolate",
            "SEASHELL",
            "布鲁日之家 比利时贝壳夹心巧克力",
            "Maison Brugge Belgian Seashell Pralines",
            "经典贝壳造型，榛子果仁糖夹心，大理石纹外壳。比利时布鲁日制造。",
            "Classic seashell shapes with a hazelnut praliné filling and marbled shells. Made in "
            "Bruges, Belgium.",
            [
                v("250G", "250克", "250 g", 250, "g", 0.25, 0.33, 89),
                v("500G", "500克", "500 g", 500, "g", 0.5, 0.62, 159),
            ],
            ing=ING["pralines"],
            life=365,
        ),
        P(
            "chocolate",
            "COLLECTION16",
            "布鲁日之家 手工夹心巧克力礼盒 16粒",
            "Maison Brugge Handmade Praline Collection, 16 pieces",
            "16 种口味手工夹心，含焦糖、覆盆子、开心果等。附口味图鉴卡。",
            "Sixteen handmade fillings including caramel, raspberry and pistachio, with a flavour "
            "guide card.",
            [v("200G", "200克", "200 g", 200, "g", 0.2, 0.35, 238)],
            ing=ING["pralines"],
            life=180,
        ),
        P(
            "chocolate",
            "SALTED-CARAMEL",
            "布鲁日之家 海盐焦糖牛奶巧克力",
            "Maison Brugge Salted Caramel Milk Chocolate",
            "比利时牛奶巧克力中加入焦糖碎与盖朗德海盐，甜咸平衡。",
            "Belgian milk chocolate with caramel pieces and Guérande sea salt: sweet and savoury "
            "in balance.",
            [
                v("150G", "150克", "150 g", 150, "g", 0.15, 0.17, 45),
                pack(v("150G", "150克", "150 g", 150, "g", 0.15, 0.17, 45), 4, 0.9),
            ],
            ing=ING["salted-caramel"],
            life=365,
        ),
    ]
    c["forno-lucca"] = [
        P(
            "biscuits",
            "ESPRESSO",
            "卢卡烘焙坊 意式浓缩咖啡夹心饼干",
            "Forno Lucca Espresso Cream Sandwich Biscuits",
            "托斯卡纳卢卡老烘焙坊配方，阿拉比卡咖啡夹心，配一杯卡布奇诺正好。",
            "An old bakery recipe from Lucca in Tuscany, filled with Arabica coffee cream: made "
            "for a cappuccino.",
            [
                v("250G", "250克", "250 g", 250, "g", 0.25, 0.29, 32),
                pack(v("250G", "250克", "250 g", 250, "g", 0.25, 0.29, 32), 3, 0.9),
            ],
            ing=ING["espresso-biscuit"],
            life=365,
        ),
        P(
            "biscuits",
            "CANTUCCI",
            "卢卡烘焙坊 托斯卡纳杏仁脆饼",
            "Forno Lucca Almond Cantucci",
            "整粒扁桃仁双重烘烤，口感干脆。意大利人习惯蘸甜酒或咖啡食用。",
            "Twice-baked with whole almonds for a crisp bite; Italians dip them in vin santo or "
            "coffee.",
            [
                v("300G", "300克", "300 g", 300, "g", 0.3, 0.34, 49),
                v("1KG", "1千克 家庭装", "1 kg family pack", 1, "kg", 1.0, 1.1, 139),
            ],
            ing=ING["cantucci"],
            life=365,
        ),
        P(
            "biscuits",
            "SHORTBREAD",
            "卢卡烘焙坊 黄油酥饼",
            "Forno Lucca Butter Shortbread",
            "28% 意大利黄油，只用四种原料，酥松香浓。",
            "Twenty-eight per cent Italian butter and only four ingredients: crumbly and rich.",
            [v("350G", "350克", "350 g", 350, "g", 0.35, 0.4, 45)],
            ing=ING["shortbread"],
            life=300,
        ),
        P(
            "biscuits",
            "COCOA-HAZEL",
            "卢卡烘焙坊 可可榛子饼干",
            "Forno Lucca Cocoa Hazelnut Biscuits",
            "可可饼干中加入榛子酱，早餐搭配牛奶的意式吃法。",
            "Cocoa biscuits with hazelnut paste, the Italian breakfast with a glass of milk.",
            [
                v("400G", "400克", "400 g", 400, "g", 0.4, 0.45, 39),
                pack(v("400G", "400克", "400 g", 400, "g", 0.4, 0.45, 39), 3, 0.9),
            ],
            ing=ING["cocoa-hazelnut"],
            life=365,
        ),
        P(
            "biscuits",
            "OAT-WHOLE",
            "卢卡烘焙坊 全麦燕麦饼干",
            "Forno Lucca Wholegrain Oat Biscuits",
            "全麦粉与燕麦片占比超过一半，膳食纤维丰富，饱腹感强。",
            "Wholemeal flour and oats make up more than half the recipe: high in fibre and "
            "filling.",
            [v("300G", "300克", "300 g", 300, "g", 0.3, 0.34, 29)],
            ing=ING["oat-biscuit"],
            life=365,
        ),
    ]
    tin = v("454G", "454克 铁盒", "454 g tin", 454, "g", 0.454, 0.6, 59)
    c["nordlys"] = [
        P(
            "biscuits",
            "BUTTER-TIN",
            "北极光烘焙 丹麦黄油曲奇 铁盒装",
            "Nordlys Danish Butter Cookies Tin",
            "丹麦传统配方，五种造型黄油曲奇，铁盒装。逢年过节送礼的经典。",
            "Traditional Danish recipe, five shapes of butter cookie in a keepsake tin: the "
            "classic festive gift.",
            [tin, v("908G", "908克 铁盒", "908 g tin", 908, "g", 0.908, 1.15, 109)],
            ing=ING["butter-cookies"],
            life=540,
        ),
        P(
            "biscuits",
            "CINNAMON",
            "北极光烘焙 肉桂焦糖饼干",
            "Nordlys Cinnamon Caramel Biscuits",
            "北欧圣诞风味，肉桂与焦糖香气浓郁，薄脆口感。",
            "The taste of a Nordic Christmas: cinnamon and caramel in a thin, crisp biscuit.",
            [
                v("300G", "300克", "300 g", 300, "g", 0.3, 0.34, 42),
                pack(v("300G", "300克", "300 g", 300, "g", 0.3, 0.34, 42), 2, 0.92),
            ],
            ing=ING["cinnamon-biscuit"],
            life=365,
        ),
        P(
            "biscuits",
            "OAT-CHOC",
            "北极光烘焙 燕麦黑巧曲奇",
            "Nordlys Oat & Dark Chocolate Cookies",
            "燕麦片与 15% 黑巧克力碎，外脆内软。",
            "Rolled oats and 15% dark chocolate chunks: crisp outside, chewy inside.",
            [v("250G", "250克", "250 g", 250, "g", 0.25, 0.29, 45)],
            ing=ING["oat-choc-cookie"],
            life=270,
        ),
    ]
    lb = v("454G", "454克", "454 g", 454, "g", 0.454, 0.49, 69)
    c["golden-state"] = [
        P(
            "nuts",
            "NATURAL",
            "金州果园 加州原味扁桃仁",
            "Golden State Orchards Natural Whole Almonds",
            "加州中央谷地扁桃仁，低温烘焙不加盐，保留原味坚果香。每日一小把，补充蛋白与维生素 E。",
            "Almonds from California's Central Valley, slow-roasted with no salt. A small handful "
            "a day for protein and vitamin E.",
            [lb, v("1360G", "1.36千克 家庭装", "1.36 kg family bag", 1.36, "kg", 1.36, 1.45, 169)],
            ing=ING["almonds"],
            life=365,
            tags=["gluten-free"],
            certs=["kosher"],
        ),
        P(
            "nuts",
            "SEA-SALT",
            "金州果园 海盐烤扁桃仁",
            "Golden State Orchards Sea Salt Roasted Almonds",
            "轻盐烘烤，咸香酥脆，追剧零食新选择。",
            "Lightly salted and roasted, crunchy and savoury: a new binge-watching snack.",
            [lb, pack(lb, 2, 0.92)],
            ing=ING["sea-salt-almonds"],
            life=365,
            tags=["gluten-free"],
            certs=["kosher"],
        ),
        P(
            "nuts",
            "HONEY-BUTTER",
            "金州果园 蜂蜜黄油扁桃仁",
            "Golden State Orchards Honey Butter Almonds",
            "蜂蜜与黄油裹衣，甜而不腻，孩子也爱吃。",
            "Coated in honey and butter, sweet without being cloying; children love them.",
            [v("340G", "340克", "340 g", 340, "g", 0.34, 0.37, 59)],
            ing=ING["honey-almonds"],
            life=365,
        ),
        P(
            "nuts",
            "SLICED",
            "金州果园 烘焙用扁桃仁片",
            "Golden State Orchards Sliced Almonds for Baking",
            "带皮切片，适合烘焙、麦片与沙拉。",
            "Skin-on slices for baking, cereal and salads.",
            [v("454G", "454克", "454 g", 454, "g", 0.454, 0.49, 65)],
            ing=ING["almonds"],
            life=365,
            tags=["gluten-free"],
        ),
    ]
    c["riverland-orchards"] = [
        P(
            "nuts",
            "RAW",
            "河地果园 澳洲生扁桃仁",
            "Riverland Orchards Raw Australian Almonds",
            "南澳河地产区，日照充足，果仁饱满。未经烘烤，可自制杏仁奶。",
            "From South Australia's sunny Riverland, with plump kernels. Unroasted: perfect for "
            "homemade almond milk.",
            [
                v("500G", "500克", "500 g", 500, "g", 0.5, 0.54, 72),
                v("1KG", "1千克", "1 kg", 1, "kg", 1.0, 1.06, 129),
            ],
            ing=ING["almonds"],
            life=365,
            tags=["gluten-free"],
        ),
        P(
            "nuts",
            "SMOKED",
            "河地果园 烟熏扁桃仁",
            "Riverland Orchards Smokehouse Almonds",
            "桉木慢熏，风味独特，配啤酒或葡萄酒都合适。",
            "Slow-smoked over eucalyptus for a distinctive flavour; good with beer or wine.",
            [v("300G", "300克", "300 g", 300, "g", 0.3, 0.33, 52)],
            ing=ING["sea-salt-almonds"],
            life=365,
        ),
    ]

    # ---- wine & beer
    btl = v("750ML", "750毫升", "750 ml", 750, "ml", 0.75, 1.3, 168)

    def wine(key, zh, en, dzh, den, price, *, cat="red-wine", case=True, certs=(), tags=(),
             origin=None):  # fmt: skip
        one = btl[:7] + (price,)
        key6, _, _, *rest = pack(one, 6, 0.9)
        variants = [one, (key6, "6瓶 整箱", "Case of 6 × 750 ml", *rest)] if case else [one]
        return P(
            cat,
            key,
            zh,
            en,
            dzh,
            den,
            variants,
            ing=ING["wine"],
            life=3650,
            certs=certs,
            tags=tags,
            origin=origin,
        )

    c["chateau-lavergne"] = [
        wine(
            "GV-2018",
            "拉韦尔涅酒庄 正牌干红葡萄酒 2018 圣埃美隆特级园",
            "Château Lavergne Grand Vin 2018, Saint-Émilion Grand Cru",
            "波尔多右岸圣埃美隆石灰岩坡地，梅洛为主、品丽珠为辅，法国橡木桶陈酿 18 个月。"
            "黑樱桃、雪松与松露香气，单宁细腻，可继续陈年 15 年。",
            "Limestone slopes of Saint-Émilion on Bordeaux's right bank; Merlot with Cabernet "
            "Franc, aged 18 months in French oak. Black cherry, cedar and truffle over fine "
            "tannins, with 15 more years of cellaring potential.",
            1180,
        ),
        wine(
            "PETIT-2020",
            "拉韦尔涅酒庄 副牌干红 2020 圣埃美隆",
            "Le Petit Lavergne 2020, Saint-Émilion",
            "选用正牌之外的年轻葡萄藤，果味奔放，适合现在饮用。搭配红烧肉、烤鸭都很合拍。",
            "From the estate's younger vines: generous fruit, ready to drink now. A fine match "
            "for braised pork or roast duck.",
            398,
        ),
        wine(
            "BDX-ROUGE",
            "拉韦尔涅 波尔多 AOC 干红 2021",
            "Lavergne Bordeaux Rouge 2021",
            "波尔多法定产区日常餐酒，梅洛与赤霞珠混酿，柔顺易饮。",
            "An everyday Bordeaux AOC blend of Merlot and Cabernet Sauvignon, smooth and easy.",
            168,
        ),
        wine(
            "BDX-BLANC",
            "拉韦尔涅 波尔多 AOC 干白 2022",
            "Lavergne Bordeaux Blanc 2022",
            "长相思与赛美蓉混酿，柑橘与白花香气，清爽带矿物感。冰镇后搭配海鲜。",
            "Sauvignon Blanc and Sémillon with citrus and white-flower aromas, fresh and "
            "mineral. Serve chilled with seafood.",
            178,
            cat="white-wine",
        ),
        P(
            "red-wine",
            "GV-2015-CASE",
            "拉韦尔涅酒庄 正牌干红 2015 原箱木箱装 6×750ml",
            "Château Lavergne Grand Vin 2015, Original Wooden Case of 6",
            "2015 年被誉为波尔多右岸近十年最佳年份之一。原酒庄木箱封存，自酒庄酒窖直接出库，"
            "收藏与宴请之选。",
            "2015 is counted among the right bank's finest recent vintages. Sealed in the "
            "estate's own wooden case and released straight from the château cellar: for "
            "collectors and banquets.",
            [v("OWC6", "原箱 6瓶", "Original wooden case, 6 × 750 ml", 4500, "ml", 4.5, 9.8, 7880)],
            ing=ING["wine"],
            life=3650,
            fixed=True,
        ),
        P(
            "red-wine",
            "GV-2015-MAG",
            "拉韦尔涅酒庄 正牌干红 2015 大瓶装 1.5L",
            "Château Lavergne Grand Vin 2015, Magnum 1.5 L",
            "大瓶装陈年更缓慢、更优雅。单瓶木盒包装，附酒庄编号证书。",
            "Magnums age more slowly and gracefully. In an individual wooden box with a numbered "
            "estate certificate.",
            [v("1500ML", "1.5升", "1.5 L", 1.5, "l", 1.5, 2.9, 2680)],
            ing=ING["wine"],
            life=3650,
        ),
    ]
    c["los-andes-altos"] = [
        wine(
            "CS-RES",
            "安第斯高地 珍藏赤霞珠干红 2021 迈坡谷",
            "Viña Los Andes Altos Reserva Cabernet Sauvignon 2021, Maipo Valley",
            "安第斯山脚迈坡谷，昼夜温差大，果实成熟饱满。黑醋栗与薄荷香气，酒体饱满。",
            "Maipo Valley at the foot of the Andes, where cool nights ripen full, dark fruit. "
            "Blackcurrant and mint on a full body.",
            128,
        ),
        wine(
            "CARM-GR",
            "安第斯高地 特级珍藏佳美娜 2020 空加瓜谷",
            "Viña Los Andes Altos Gran Reserva Carmenère 2020, Colchagua",
            "智利标志性品种佳美娜，带青椒与黑莓香气，单宁柔顺。搭配烧烤与川菜。",
            "Chile's signature Carmenère: green pepper and blackberry, soft tannins. Try it "
            "with barbecue or Sichuan dishes.",
            198,
        ),
        wine(
            "CHARD",
            "安第斯高地 珍藏霞多丽干白 2022 卡萨布兰卡谷",
            "Viña Los Andes Altos Reserva Chardonnay 2022, Casablanca Valley",
            "太平洋凉风吹拂的卡萨布兰卡谷，霞多丽带菠萝与烤面包香气。",
            "Pacific breezes cool the Casablanca Valley; pineapple and toast on the nose.",
            118,
            cat="white-wine",
        ),
        wine(
            "ICON-2018",
            "安第斯高地 旗舰混酿干红 2018",
            "Viña Los Andes Altos Cumbre Icon Blend 2018",
            "酒庄最高等级混酿，精选单一园赤霞珠、佳美娜与小维多，法国新橡木桶陈酿 22 个月。",
            "The estate's flagship: single-vineyard Cabernet, Carmenère and Petit Verdot aged 22 "
            "months in new French oak.",
            698,
            certs=["vegan-society"],
        ),
    ]
    c["barossa-ridge"] = [
        wine(
            "SHIRAZ-20",
            "巴罗萨岭 西拉干红 2020 巴罗萨谷",
            "Barossa Ridge Shiraz 2020, Barossa Valley",
            "南澳巴罗萨谷经典西拉，黑李子、巧克力与香料风味，浓郁饱满。",
            "Classic Barossa Shiraz from South Australia: black plum, chocolate and spice, rich "
            "and full.",
            158,
        ),
        wine(
            "OLDVINE-17",
            "巴罗萨岭 百年老藤西拉 2017",
            "Barossa Ridge Centenarian Old Vine Shiraz 2017",
            "树龄超过百年的老藤，产量极低，风味集中。适合陈年或醒酒后享用。",
            "Vines more than a hundred years old give tiny yields and concentrated flavour. "
            "Cellar it, or decant before serving.",
            880,
        ),
        wine(
            "RIESLING",
            "巴罗萨岭 伊顿谷雷司令 2023",
            "Barossa Ridge Eden Valley Riesling 2023",
            "高海拔伊顿谷雷司令，青柠与白花香气，酸度清脆。",
            "High-altitude Eden Valley Riesling with lime and blossom and a crisp acidity.",
            148,
            cat="white-wine",
        ),
        wine(
            "GSM",
            "巴罗萨岭 歌海娜·西拉·慕合怀特 混酿 2021",
            "Barossa Ridge GSM 2021",
            "罗讷河谷风格混酿，红色浆果与胡椒香气，酒体中等。",
            "A Rhône-style blend of "
            "Grenache, Shiraz and Mourvèdre: red berries and pepper, medium body.",
            188,
            certs=["vegan-society"],
        ),
    ]
    c["sierra-roja"] = [
        wine(
            "RIOJA-RES",
            "红山酒庄 里奥哈珍藏干红 2019",
            "Bodegas Sierra Roja Rioja Reserva 2019",
            "丹魄为主，美国橡木桶陈酿 24 个月，香草与红果风味交织。",
            "Mostly Tempranillo, aged 24 months in American oak: vanilla woven through red fruit.",
            168,
        ),
        wine(
            "RIOJA-GR",
            "红山酒庄 里奥哈特级珍藏干红 2015",
            "Bodegas Sierra Roja Rioja Gran Reserva 2015",
            "仅在优秀年份酿造，桶陈与瓶陈合计超过 5 年，皮革与干果香气，圆润悠长。",
            "Made only in great years and aged over five years in barrel and bottle: leather "
            "and dried fruit, round and long.",
            428,
        ),
        wine(
            "ALBARINO",
            "红山酒庄 下海湾阿尔巴利诺干白 2023",
            "Bodegas Sierra Roja Albariño 2023, Rías Baixas",
            "大西洋沿岸的阿尔巴利诺，桃子与海盐气息，搭配生蚝与清蒸鱼。",
            "Atlantic Albariño with peach and sea-salt notes: for oysters and steamed fish.",
            158,
            cat="white-wine",
        ),
    ]
    c["marlborough-sound"] = [
        wine(
            "SB-23",
            "马尔堡湾 长相思干白 2023",
            "Marlborough Sound Sauvignon Blanc 2023",
            "新西兰马尔堡产区招牌长相思，百香果与青草香气扑鼻，清爽活泼。",
            "Marlborough's signature Sauvignon Blanc: passion fruit and cut grass, lively and "
            "fresh.",
            138,
            cat="white-wine",
            certs=["vegan-society"],
        ),
        wine(
            "PG-23",
            "马尔堡湾 灰皮诺干白 2023",
            "Marlborough Sound Pinot Gris 2023",
            "梨与蜂蜜风味，酒体圆润，微带香料感。",
            "Pear and honey with a round body and a hint of spice.",
            148,
            cat="white-wine",
        ),
        wine(
            "PN-21",
            "马尔堡湾 黑皮诺干红 2021",
            "Marlborough Sound Pinot Noir 2021",
            "樱桃与蘑菇香气，单宁轻柔，适合搭配三文鱼与禽肉。",
            "Cherry and forest-floor aromas with gentle tannins; pairs with salmon and poultry.",
            238,
        ),
    ]

    def beer(key, zh, en, dzh, den, ing, can_ml, price, *, tags=()):
        one = v(f"{can_ml}ML", f"{can_ml}毫升", f"{can_ml} ml", can_ml, "ml", can_ml / 1000,
                can_ml / 1000 + 0.25, price)  # fmt: skip
        case = (f"{can_ml}MLX24", f"{can_ml}毫升×24 整箱", f"Case of 24 × {can_ml} ml",
                _num(Decimal(can_ml * 24) / 1000), "l", can_ml * 24 / 1000,
                can_ml * 24 / 1000 + 6.2, price * 24 * 0.82)  # fmt: skip
        return P("beer", key, zh, en, dzh, den, [one, case], ing=ING[ing], life=365, tags=tags)

    c["falkenstein"] = [
        beer(
            "WEIZEN",
            "猎鹰石 巴伐利亚小麦白啤酒",
            "Falkenstein Bavarian Hefeweizen",
            "巴伐利亚山区酿造，遵循 1516 年德国纯净法。香蕉与丁香香气，泡沫绵密。",
            "Brewed in the Bavarian hills under the 1516 Purity Law: banana and clove with a "
            "creamy head.",
            "weizen",
            500,
            16,
        ),
        beer(
            "PILS",
            "猎鹰石 德式皮尔森啤酒",
            "Falkenstein German Pilsner",
            "清爽苦感，麦香干净，冰镇后最佳。",
            "Crisp bitterness and clean malt; best ice cold.",
            "pilsner",
            500,
            13,
        ),
        beer(
            "DUNKEL",
            "猎鹰石 慕尼黑黑啤酒",
            "Falkenstein Munich Dunkel",
            "焦香麦芽带来焦糖与面包风味，入口顺滑。",
            "Roasted malt gives caramel and bread flavours with a smooth finish.",
            "dunkel",
            500,
            17,
        ),
        beer(
            "FESTBIER",
            "猎鹰石 十月节啤酒",
            "Falkenstein Märzen Festbier",
            "为秋季啤酒节酿造的琥珀色啤酒，麦芽甜润。",
            "An amber lager brewed for the autumn beer festival, malty and smooth.",
            "pilsner",
            500,
            19,
        ),
    ]
    c["saint-aurele"] = [
        beer(
            "TRIPEL",
            "圣奥雷尔修道院 三料啤酒",
            "Abbaye Saint-Aurèle Tripel",
            "比利时修道院传统，瓶中二次发酵，金黄酒体，果香与香料风味。酒精度 8.5%。",
            "Belgian abbey tradition, refermented in the bottle: golden, fruity and spicy. "
            "8.5% ABV.",
            "tripel",
            330,
            26,
        ),
        beer(
            "DUBBEL",
            "圣奥雷尔修道院 双料啤酒",
            "Abbaye Saint-Aurèle Dubbel",
            "深棕色修道院啤酒，葡萄干与焦糖风味。酒精度 7%。",
            "A dark brown abbey ale with raisin and caramel. 7% ABV.",
            "tripel",
            330,
            24,
        ),
        beer(
            "WIT",
            "圣奥雷尔 比利时白啤酒",
            "Saint-Aurèle Belgian Witbier",
            "加入橙皮与芫荽籽，清爽带柑橘香。",
            "Brewed with orange peel and coriander: refreshing, with a citrus lift.",
            "witbier",
            330,
            18,
        ),
    ]

    # ---- personal care
    def bottle(ml, price, gross=0.08):
        return v(f"{ml}ML", f"{ml}毫升", f"{ml} ml", ml, "ml", ml / 1000 * 1.02,
                 ml / 1000 * 1.02 + gross, price)  # fmt: skip

    c["mizuho"] = [
        P(
            "shampoo",
            "AMINO",
            "瑞穗发研 氨基酸无硅油洗发水",
            "Mizuho Amino Acid Silicone-Free Shampoo",
            "氨基酸洁净成分，温和不刺激头皮。无硅油配方，洗后蓬松轻盈。",
            "Amino-acid cleansers that are kind to the scalp. Silicone-free for light, airy hair.",
            [bottle(500, 109), pack(bottle(500, 109), 2, 0.9)],
            ing=ING["amino-shampoo"],
            life=1095,
            tags=["paraben-free"],
        ),
        P(
            "shampoo",
            "CAMELLIA",
            "瑞穗发研 山茶花油修护洗发水",
            "Mizuho Camellia Oil Repair Shampoo",
            "日本伊豆大岛山茶花油，修护受损发丝，恢复光泽与顺滑。",
            "Camellia oil from Izu Oshima repairs damaged strands and brings back shine.",
            [
                bottle(480, 98),
                v("400MLR", "400毫升 替换装", "400 ml refill pouch", 400, "ml", 0.41, 0.43, 72),
            ],
            ing=ING["camellia-shampoo"],
            life=1095,
            tags=["sustainable-packaging"],
        ),
        P(
            "shampoo",
            "SCALP",
            "瑞穗发研 头皮清爽控油洗发水",
            "Mizuho Scalp Care Clarifying Shampoo",
            "吡罗克酮乙醇胺盐去屑，薄荷醇带来清凉感。适合油性头皮。",
            "Piroctone olamine fights dandruff; menthol brings a cool tingle. For oily scalps.",
            [bottle(350, 119)],
            ing=ING["scalp-shampoo"],
            life=1095,
        ),
    ]
    c["siam-herbal"] = [
        P(
            "body-wash",
            "COCO-LEMON",
            "暹罗草本 椰子香茅沐浴露",
            "Siam Herbal Coconut & Lemongrass Body Wash",
            "泰国清迈草本工坊出品，椰子油滋润，香茅精油清新提神。",
            "From a herbal workshop in Chiang Mai: coconut oil to moisturise, lemongrass to "
            "refresh.",
            [bottle(450, 59), pack(bottle(450, 59), 3, 0.88)],
            ing=ING["coconut-wash"],
            life=1095,
        ),
        P(
            "body-wash",
            "MANGOSTEEN",
            "暹罗草本 山竹磨砂沐浴露",
            "Siam Herbal Mangosteen Scrub Body Wash",
            "细腻核桃壳微粒温和去角质，山竹果皮提取物抗氧化。",
            "Fine walnut-shell grains exfoliate gently; mangosteen peel extract is an antioxidant.",
            [bottle(350, 69)],
            ing=ING["mangosteen-wash"],
            life=1095,
        ),
        P(
            "shampoo",
            "GINGER",
            "暹罗草本 生姜强韧洗发水",
            "Siam Herbal Ginger Root Strengthening Shampoo",
            "泰国生姜与何首乌提取物，强韧发根，减少断发。",
            "Thai ginger and fo-ti root extracts strengthen roots and reduce breakage.",
            [bottle(400, 79), pack(bottle(400, 79), 2, 0.9)],
            ing=ING["ginger-shampoo"],
            life=1095,
        ),
        P(
            "body-wash",
            "JASMINE",
            "暹罗草本 茉莉香米沐浴露",
            "Siam Herbal Jasmine Rice Body Wash",
            "茉莉花与香米精华，泡沫细腻，洗后留香淡雅。",
            "Jasmine flower and fragrant rice extracts, a fine lather and a soft lingering scent.",
            [bottle(450, 65)],
            ing=ING["jasmine-wash"],
            life=1095,
            origin="TH",
        ),
    ]
    c["hartwell"] = [
        P(
            "body-wash",
            "PEAR-FREESIA",
            "哈特威尔 英国梨与小苍兰沐浴露",
            "Hartwell & Co. English Pear & Freesia Body Wash",
            "伦敦调香师调配的果香花香，洗后留下清甜梨香。",
            "A fruity floral composed by a London perfumer; leaves a crisp pear scent.",
            [bottle(500, 129, 0.12), pack(bottle(500, 129, 0.12), 2, 0.9)],
            ing=ING["pear-wash"],
            life=1095,
            certs=["leaping-bunny"],
        ),
        P(
            "body-wash",
            "OAT-SOOTHE",
            "哈特威尔 燕麦舒敏沐浴露",
            "Hartwell & Co. Oat Soothing Body Wash",
            "胶态燕麦舒缓干痒，无香精无皂基，湿疹与敏感肌家庭适用。",
            "Colloidal oat soothes dry, itchy skin; no fragrance, no soap. For families with "
            "eczema-prone, sensitive skin.",
            [bottle(500, 119, 0.12)],
            ing=ING["oat-wash"],
            life=1095,
            tags=["fragrance-free", "sensitive-skin", "hypoallergenic"],
            certs=["leaping-bunny"],
        ),
        P(
            "shampoo",
            "ROSEMARY",
            "哈特威尔 迷迭香强韧洗发水",
            "Hartwell & Co. Rosemary Strengthening Shampoo",
            "迷迭香精油滋养头皮，草本清香。可回收铝瓶包装。",
            "Rosemary oil nourishes the scalp with a herbal freshness. Recyclable aluminium "
            "bottle.",
            [bottle(300, 139, 0.1)],
            ing=ING["rosemary-shampoo"],
            life=1095,
            tags=["sustainable-packaging"],
            certs=["leaping-bunny", "vegan-society"],
        ),
    ]
    tube = v("75ML", "75毫升", "75 ml", 75, "ml", 0.1, 0.13, 39)
    c["zahnwerk"] = [
        P(
            "toothpaste",
            "SENSITIVE",
            "齿研 专业抗敏感牙膏",
            "Zahnwerk Sensitive Relief Toothpaste",
            "5% 硝酸钾舒缓牙本质敏感，含氟防蛀。德国牙医推荐配方。",
            "Five per cent potassium nitrate soothes sensitive dentine; fluoride fights cavities. "
            "A formula recommended by German dentists.",
            [tube, pack(tube, 3, 0.88)],
            ing=ING["sensitive-paste"],
            life=1095,
        ),
        P(
            "toothpaste",
            "FLUORIDE",
            "齿研 含氟防蛀牙膏",
            "Zahnwerk Fluoride Cavity Protection Toothpaste",
            "1450ppm 氟，强化牙釉质，每日两次全家适用（6 岁以上）。",
            "1,450 ppm fluoride strengthens enamel; twice a day for the whole family (ages six "
            "and up).",
            [tube[:7] + (29,), pack(tube[:7] + (29,), 3, 0.88)],
            ing=ING["fluoride-paste"],
            life=1095,
        ),
        P(
            "toothpaste",
            "KIDS",
            "齿研 儿童草莓味牙膏",
            "Zahnwerk Kids' Strawberry Toothpaste",
            "低氟配方，适合 0–6 岁儿童。草莓味，不含薄荷，孩子刷牙不抗拒。",
            "Low-fluoride formula for children up to six. Strawberry flavour with no mint, so "
            "brushing is no battle.",
            [v("50ML", "50毫升", "50 ml", 50, "ml", 0.065, 0.09, 32)],
            ing=ING["kids-paste"],
            life=1095,
        ),
    ]
    c["nordic-smile"] = [
        P(
            "toothpaste",
            "XYLITOL",
            "北欧微笑 木糖醇清新薄荷牙膏",
            "Nordic Smile Xylitol Fresh Mint Toothpaste",
            "10% 芬兰桦木木糖醇，抑制致龋菌，口气清新持久。",
            "Ten per cent Finnish birch xylitol inhibits decay-causing bacteria for lasting fresh "
            "breath.",
            [tube[:7] + (45,), pack(tube[:7] + (45,), 2, 0.9)],
            ing=ING["xylitol-paste"],
            life=1095,
            certs=["vegan-society"],
        ),
        P(
            "toothpaste",
            "WHITENING",
            "北欧微笑 温和亮白牙膏",
            "Nordic Smile Gentle Whitening Toothpaste",
            "低磨损配方，焦磷酸盐温和去除咖啡、茶渍。",
            "A low-abrasion formula; pyrophosphates gently lift coffee and tea stains.",
            [tube[:7] + (55,)],
            ing=ING["whitening-paste"],
            life=1095,
        ),
        P(
            "toothpaste",
            "GUM-CARE",
            "北欧微笑 护龈牙膏",
            "Nordic Smile Gum Care Toothpaste",
            "氟化亚锡与柠檬酸锌，减少牙龈出血。",
            "Stannous fluoride and zinc citrate help reduce bleeding gums.",
            [tube[:7] + (49,)],
            ing=ING["gum-paste"],
            life=1095,
        ),
    ]

    # ---- baby products
    def diaper_sizes(counts, price, per_piece_kg):
        return [v(size, f"{size}码 {n}片", f"Size {size}, {n} pieces", n, "piece",
                  round(n * per_piece_kg * (1 + i * 0.15), 3),
                  round(n * per_piece_kg * (1 + i * 0.15) + 0.3, 3), price)
                for i, (size, n) in enumerate(counts)]  # fmt: skip

    c["fuwari"] = [
        P(
            "diapers",
            "AIR-TAPE",
            "芙瓦丽 轻薄透气纸尿裤（腰贴型）",
            "Fuwari Air-Soft Tape Diapers",
            "3D 透气孔设计，表层柔软如棉，12 小时干爽。尿显线变色提示更换，日本工厂生产。",
            "3D breathable layers and a cotton-soft top sheet keep skin dry for 12 hours. A "
            "wetness indicator shows when to change. Made in Japan.",
            diaper_sizes([("NB", 90), ("S", 82), ("M", 64), ("L", 54), ("XL", 44)], 139, 0.028),
            tags=["hypoallergenic", "fragrance-free"],
            guide=DIAPER_GUIDE,
            life=1095,
        ),
        P(
            "diapers",
            "PANTS",
            "芙瓦丽 学步拉拉裤",
            "Fuwari Pull-Up Training Pants",
            "360° 弹力腰围，宝宝活动自如，穿脱像内裤一样方便。",
            "A 360° stretch waistband lets toddlers move freely; on and off like underwear.",
            diaper_sizes([("M", 58), ("L", 44), ("XL", 38)], 149, 0.033),
            tags=["hypoallergenic"],
            guide=PANTS_GUIDE,
            life=1095,
        ),
    ]
    c["sonnenkind"] = [
        P(
            "diapers",
            "ORGANIC",
            "阳光宝贝 有机棉纸尿裤",
            "Sonnenkind Organic Cotton Diapers",
            "有机棉表层，无氯漂白，FSC 认证绒毛浆。德国皮肤病学研究所测试，适合敏感小屁屁。",
            "Organic cotton top sheet, chlorine-free bleaching, FSC-certified fluff pulp. "
            "Dermatologically tested in Germany for sensitive bottoms.",
            diaper_sizes([("NB", 28), ("S", 44), ("M", 40), ("L", 36), ("XL", 32)], 119, 0.03),
            tags=["hypoallergenic", "fragrance-free", "sustainable-packaging"],
            certs=["fsc"],
            guide=DIAPER_GUIDE,
            life=1095,
        ),
        P(
            "feeding-bottles",
            "PPSU-WIDE",
            "阳光宝贝 宽口径 PPSU 奶瓶",
            "Sonnenkind Wide-Neck PPSU Feeding Bottle",
            "医用级 PPSU 材质，耐高温消毒，不含双酚 A。仿母乳奶嘴，防胀气阀门。",
            "Medical-grade PPSU that survives sterilising, BPA-free. Breast-like teat with an "
            "anti-colic valve.",
            [
                v(
                    "160ML",
                    "160毫升（S号奶嘴）",
                    "160 ml (size S teat)",
                    1,
                    "piece",
                    0.09,
                    0.16,
                    139,
                ),
                v(
                    "240ML",
                    "240毫升（M号奶嘴）",
                    "240 ml (size M teat)",
                    1,
                    "piece",
                    0.11,
                    0.19,
                    159,
                ),
                v(
                    "300ML",
                    "300毫升（L号奶嘴）",
                    "300 ml (size L teat)",
                    1,
                    "piece",
                    0.12,
                    0.21,
                    169,
                ),
            ],
            tags=["sustainable-packaging"],
        ),
        P(
            "feeding-bottles",
            "PP-ANTICOLIC",
            "阳光宝贝 防胀气 PP 奶瓶",
            "Sonnenkind Anti-Colic PP Feeding Bottle",
            "轻巧 PP 奶瓶，适合外出携带。双通气设计减少吞入空气。",
            "A light PP bottle for days out; twin vents reduce swallowed air.",
            [
                v("150ML", "150毫升", "150 ml", 1, "piece", 0.06, 0.11, 79),
                v("260ML", "260毫升", "260 ml", 1, "piece", 0.075, 0.13, 89),
            ],
        ),
    ]
    c["little-wombat"] = [
        P(
            "feeding-bottles",
            "SILICONE",
            "小袋熊 全硅胶感温奶瓶",
            "Little Wombat Silicone Baby Bottle",
            "食品级硅胶瓶身，柔软可挤压，温度超过 40°C 时变色提示。",
            "A soft, squeezable food-grade silicone body that changes colour above 40 °C.",
            [
                v("150ML", "150毫升", "150 ml", 1, "piece", 0.08, 0.14, 129),
                v("240ML", "240毫升", "240 ml", 1, "piece", 0.1, 0.17, 149),
            ],
        ),
        P(
            "feeding-bottles",
            "SIPPY",
            "小袋熊 学饮杯（带重力球吸管）",
            "Little Wombat Training Sippy Cup with Weighted Straw",
            "重力球吸管，任何角度都能吸到。双把手，防漏设计，适合 6 个月以上。",
            "A weighted straw reaches the drink at any angle. Twin handles, leak-proof, from six "
            "months.",
            [
                v("240ML", "240毫升", "240 ml", 1, "piece", 0.12, 0.2, 99),
                v("240MLX2", "240毫升 双色装", "240 ml, twin pack", 2, "piece", 0.24, 0.38, 179),
            ],
        ),
        P(
            "feeding-bottles",
            "NEWBORN-SET",
            "小袋熊 PPSU 宽口奶瓶 新生儿套装",
            "Little Wombat PPSU Newborn Bottle Set",
            "两只 160 毫升 + 一只 240 毫升奶瓶，附 0–3 月奶嘴，新生儿一步到位。",
            "Two 160 ml and one 240 ml bottles with 0–3 month teats: newborn feeding sorted.",
            [v("SET3", "3瓶套装", "3-bottle set", 3, "piece", 0.3, 0.55, 329)],
        ),
    ]

    # ---- small appliances
    one = ("1", "piece")

    def device(key, zh, en, net, gross, price):
        return v(key, zh, en, one[0], one[1], net, gross, price)

    c["aerolux"] = [
        P(
            "hair-dryer",
            "PRO-DIGITAL",
            "艾罗力 Pro 数码马达高速吹风机",
            "Aerolux Pro Digital High-Speed Hair Dryer",
            "11 万转数码马达，3 分钟吹干及腰长发。智能温控每秒测温 40 次，保护头发光泽。"
            "附 3 个磁吸风嘴。",
            "A 110,000 rpm digital motor dries waist-length hair in three minutes. Smart heat "
            "control measures 40 times a second to protect shine. Three magnetic attachments.",
            [
                device("GREY", "晨雾灰", "Mist Grey", 0.6, 1.9, 2999),
                device("ROSE", "玫瑰金", "Rose Gold", 0.6, 1.9, 2999),
                device("BLUE", "午夜蓝", "Midnight Blue", 0.6, 1.9, 2999),
            ],
            origin="MY",
        ),
        P(
            "hair-dryer",
            "SALON-SET",
            "艾罗力 沙龙版吹风机 尊享礼盒套装",
            "Aerolux Salon Edition Hair Dryer Gift Set",
            "沙龙版高速吹风机搭配 5 个专业风嘴、皮质收纳盒与落地支架，限量礼盒，附刻字服务卡。",
            "The salon-edition dryer with five professional attachments, a leather case and a "
            "floor stand in a limited gift box, with an engraving service card.",
            [
                device("GIFT", "礼盒套装", "Gift set", 2.6, 5.4, 5680),
                device("GOLD", "24K 镀金限定版", "24K gold-plated limited edition", 2.7, 5.6, 6280),
            ],
            origin="MY",
            fixed=True,
        ),
    ]
    c["kaze"] = [
        P(
            "hair-dryer",
            "NANO-ION",
            "风雅 纳米负离子速干吹风机",
            "Kaze Nano-Ion Quick-Dry Hair Dryer",
            "高浓度纳米水离子，吹发同时补水，减少毛躁。大风量 1.9m³/分钟。",
            "Dense nano water ions moisturise as they dry and tame frizz. High airflow of 1.9 m³ "
            "per minute.",
            [
                device("WHITE", "珍珠白", "Pearl White", 0.58, 1.4, 1299),
                device("BLACK", "哑光黑", "Matte Black", 0.58, 1.4, 1299),
            ],
        ),
        P(
            "hair-dryer",
            "TRAVEL",
            "风雅 便携折叠吹风机",
            "Kaze Compact Folding Travel Dryer",
            "折叠后仅手掌大小，双电压适合出国旅行。",
            "Folds to the size of a palm; dual voltage for travel abroad.",
            [device("STD", "标准版", "Standard", 0.35, 0.8, 499)],
            origin="TH",
        ),
        P(
            "electric-toothbrush",
            "SONIC",
            "风雅 声波电动牙刷",
            "Kaze Sonic Electric Toothbrush",
            "每分钟 31000 次声波振动，3 种清洁模式。USB-C 充电，续航 40 天。",
            "31,000 sonic strokes a minute and three modes. USB-C charging, 40 days per charge.",
            [
                device("STD", "标准版", "Standard", 0.12, 0.35, 399),
                device("KIT", "含 4 支替换刷头", "With 4 spare heads", 0.16, 0.42, 499),
            ],
            tags=["rechargeable"],
        ),
    ]
    c["zahnwerk"] += [
        P(
            "electric-toothbrush",
            "PRO5",
            "齿研 Pro 5 旋转式电动牙刷",
            "Zahnwerk Pro 5 Oscillating Electric Toothbrush",
            "小圆头 3D 旋转摆动清洁，压力感应提醒。智能计时 2 分钟，每 30 秒提示换区。",
            "A small round head oscillates and pulses in 3D, with a pressure sensor. A two-minute "
            "timer nudges you every 30 seconds.",
            [
                device("STD", "标准版", "Standard", 0.15, 0.45, 699),
                device("TRAVEL", "含旅行充电盒", "With travel charging case", 0.25, 0.65, 899),
            ],
            tags=["rechargeable"],
        ),
    ]
    c["sonique"] = [
        P(
            "electric-toothbrush",
            "PRO7",
            "声力克 Pro 7 声波电动牙刷",
            "Sonique Sonic Pro 7 Electric Toothbrush",
            "62000 次/分钟刷毛运动，5 种模式 3 档强度。玻璃杯感应充电，App 记录刷牙习惯。",
            "62,000 brush movements a minute, five modes and three intensities. Charges in a "
            "glass; an app tracks your brushing.",
            [
                device("WHITE", "白色", "White", 0.14, 0.9, 1299),
                device("BLACK", "黑色", "Black", 0.14, 0.9, 1299),
                device("PINK", "粉色", "Pink", 0.14, 0.9, 1299),
            ],
            tags=["rechargeable"],
        ),
        P(
            "electric-toothbrush",
            "KIDS",
            "声力克 儿童声波电动牙刷",
            "Sonique Kids' Sonic Toothbrush",
            "适合 3 岁以上儿童，温和模式与 2 分钟音乐计时。可换贴纸装饰。",
            "For children three and up: a gentle mode and a two-minute musical timer. "
            "Decorate it with swappable stickers.",
            [device("STD", "标准版", "Standard", 0.1, 0.3, 299)],
            tags=["rechargeable"],
        ),
        P(
            "electric-toothbrush",
            "HEADS",
            "声力克 Pro 系列替换刷头 4支装",
            "Sonique Pro Replacement Brush Heads, 4-pack",
            "适配 Pro 系列全部机型，刷毛变色提醒 3 个月更换。",
            "Fits every Pro model; bristles fade to remind you to replace every three months.",
            [v("4P", "4支装", "4-pack", 4, "piece", 0.03, 0.08, 269)],
        ),
    ]
    # ---- more lines, so every shelf has some depth
    c["murray-valley"] += _formula_line(
        "murray-valley", ING["formula-goat"],
        "澳大利亚维多利亚州山羊牧场奶源，羊乳蛋白分子小、更易消化。添加 DHA、益生元与乳铁蛋白，"
        "澳洲原罐进口。",
        "Goat milk from farms in Victoria, Australia: smaller protein particles that are easier "
        "to digest. DHA, prebiotics and lactoferrin added; imported in the original Australian "
        "can.",
        goat=True, sizes="goat", certs=["halal"], key="G", series=("", ""),
    )  # fmt: skip
    c["shirayuki"] += [
        P("serum", "HA-LOTION", "白雪肌研 玻尿酸高保湿精华水", "Shirayuki Hyaluronic Moisture "
          "Essence Lotion",
          "三重分子玻尿酸，由表及里层层补水。微稠精华水质地，拍上即吸收。",
          "Hyaluronic acid in three molecular sizes hydrates layer by layer. A slightly thick "
          "essence lotion that absorbs as you pat it in.",
          [v("150ML", "150毫升", "150 ml", 150, "ml", 0.155, 0.24, 168),
           v("300MLR", "300毫升 替换装", "300 ml refill", 300, "ml", 0.31, 0.34, 238)],
          ing=ING["ha-lotion"], life=1095, tags=["alcohol-free", "fragrance-free"]),
        P("foundation", "BB-CREAM", "白雪肌研 米糠润色 BB 霜 SPF35 PA+++", "Shirayuki Rice Bran "
          "Tinted BB Cream SPF35 PA+++",
          "护肤级 BB 霜，轻薄遮瑕，提亮肤色，兼具防晒。日本本土生产。",
          "A skincare-grade BB cream with sheer coverage, a brighter tone and sun protection. "
          "Made in Japan.",
          shades([("01", "01", "自然白", "Light"), ("02", "02", "自然色", "Natural"),
                  ("03", "03", "健康色", "Ochre")], 30, "g", 0.03, 0.08, 148),
          ing=ING["foundation"], life=1095),
    ]  # fmt: skip
    c["soomgyeol"] += [
        P("serum", "VITC-SERUM", "呼吸肌 15% 维C亮白精华", "Soomgyeol 15% Vitamin C Brightening "
          "Serum",
          "15% 纯维生素 C 搭配维生素 E 与阿魏酸，提亮肤色、淡化痘印。"
          "棕色避光瓶，开封后 3 个月内用完。",
          "Fifteen per cent pure vitamin C with vitamin E and ferulic acid brightens and fades "
          "marks. Amber bottle; use within three months of opening.",
          [v("20ML", "20毫升", "20 ml", 20, "ml", 0.021, 0.1, 139)],
          ing=ING["vitc-serum"], life=730, certs=["vegan-society"]),
        P("face-mask", "CICA-MASK", "呼吸肌 积雪草舒缓面膜", "Soomgyeol Cica Calming Sheet Mask",
          "积雪草与泛醇，晒后或换季泛红时急救舒缓。", "Centella and panthenol for a quick calm "
          "after sun or when seasons change.",
          [v("10P", "10片装", "10 sheets", 10, "piece", 0.25, 0.33, 89),
           v("20P", "20片装", "20 sheets", 20, "piece", 0.5, 0.62, 159)],
          ing=ING["centella"], life=1095, tags=["sensitive-skin"]),
    ]  # fmt: skip
    c["alpenglow"] += [
        P("face-cream", "NIGHT-BALM", "阿尔卑光 夜间修护精华霜", "Alpenglow Overnight Recovery "
          "Balm",
          "高山雪绒花与神经酰胺，夜间修护屏障，晨起肌肤饱满。",
          "Edelweiss and ceramides restore the barrier overnight for plumper skin by morning.",
          [v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.4, 1680)],
          ing=ING["night-balm"], life=1095),
    ]  # fmt: skip
    c["maison-celeste"] += [
        P("face-cream", "DAY-SPF20", "赛莱斯特之家 臻致日霜 SPF20", "Maison Céleste Crème Suprême "
          "Day Cream SPF20",
          "晚霜的日间搭档，含防晒与抗氧化成分，妆前使用服帖不搓泥。",
          "The night cream's daytime partner, with sun filters and antioxidants; sits smoothly "
          "under make-up.",
          [v("50ML", "50毫升", "50 ml", 50, "ml", 0.052, 0.32, 1780)],
          ing=ING["luxe-cream"], life=1095),
    ]  # fmt: skip
    c["hinata"] += [
        P("sunscreen", "UV-SPRAY", "日向 清爽防晒喷雾 SPF50+ PA++++", "Hinata Cooling UV Spray "
          "SPF50+ PA++++",
          "360° 可倒喷，头发与身体都能用。补涂方便，不用沾手。",
          "Sprays at any angle, for hair and body. Easy top-ups without touching your hands.",
          [v("90G", "90克", "90 g", 90, "g", 0.09, 0.16, 99),
           pack(v("90G", "90克", "90 g", 90, "g", 0.09, 0.16, 99), 2, 0.9)],
          ing=ING["sun-chemical"], life=1095),
    ]  # fmt: skip
    c["rouge-atelier"] += [
        P("lipstick", "SATIN-SHINE", "胭脂工坊 缎光滋润唇膏", "Rouge Atelier Satin Shine Lipstick",
          "缎面光泽，含山茶花油与透明质酸，滋润一整天。",
          "A satin shine with camellia oil and hyaluronic acid, moisturising all day.",
          shades([("S01", "S01", "裸粉", "Nude Pink"), ("S02", "S02", "蜜桃", "Peach"),
                  ("S03", "S03", "樱桃红", "Cherry"), ("S04", "S04", "玫瑰木", "Rosewood"),
                  ("S05", "S05", "酒红", "Bordeaux")], 3.5, "g", 0.004, 0.06, 320),
          ing=ING["lipstick"], life=1095),
    ]  # fmt: skip
    c["dalbit-lab"] += [
        P("eye-makeup", "BROW", "月光实验室 自然三角眉笔", "Dalbit Lab Natural Triangle Brow "
          "Pencil",
          "三角笔芯可画细线可填色，尾端螺旋刷晕染自然。", "A triangular tip for fine strokes or "
          "filling in, with a spoolie to blend.",
          shades([("GB", "01", "灰棕", "Grey Brown"), ("LB", "02", "浅棕", "Light Brown"),
                  ("DB", "03", "深棕", "Dark Brown")], 0.25, "g", 0.001, 0.015, 59),
          ing=ING["eyeshadow"], life=1095),
    ]  # fmt: skip
    c["coral-coast"] += [
        P("vitamins", "CAL-D3", "珊瑚海岸 钙+维生素D3片", "Coral Coast Calcium + Vitamin D3",
          "每片 600mg 钙搭配维生素 D3，促进钙吸收，适合中老年与孕期女性。",
          "600 mg calcium with vitamin D3 per tablet for better absorption; for older adults and "
          "pregnant women.",
          [v("120T", "120片", "120 tablets", 120, "piece", 0.2, 0.3, 119),
           v("240T", "240片", "240 tablets", 240, "piece", 0.4, 0.54, 199)],
          ing=ING["calcium-d3"], life=730),
        P("fish-oil", "KIDS-CHEW", "珊瑚海岸 儿童鱼油咀嚼胶囊", "Coral Coast Kids' Fish Oil "
          "Chewables",
          "小颗粒草莓味咀嚼胶囊，补充 DHA，适合 2 岁以上儿童。",
          "Small strawberry chewable capsules with DHA for children two and over.",
          [v("90C", "90粒", "90 capsules", 90, "piece", 0.05, 0.12, 129)],
          ing=ING["kids-chew"], life=730),
    ]  # fmt: skip
    c["liberty-vita"] += [
        P("vitamins", "MAGNESIUM", "自由维他 甘氨酸镁片", "Liberty Vita Magnesium Glycinate",
          "高吸收甘氨酸镁，帮助放松与睡眠。每日 2 片，睡前服用。",
          "Well-absorbed magnesium glycinate to help you relax and sleep. Two tablets at bedtime.",
          [v("120T", "120片", "120 tablets", 120, "piece", 0.17, 0.25, 139),
           v("240T", "240片", "240 tablets", 240, "piece", 0.34, 0.45, 239)],
          ing=ING["magnesium"], life=730, tags=["gluten-free"]),
        P("vitamins", "LUTEIN", "自由维他 叶黄素护眼软胶囊 20mg", "Liberty Vita Lutein 20 mg "
          "Softgels",
          "万寿菊提取叶黄素与玉米黄质，长时间看屏幕人群适用。",
          "Lutein and zeaxanthin from marigold, for long hours in front of screens.",
          [v("60S", "60粒", "60 softgels", 60, "piece", 0.04, 0.1, 149),
           v("120S", "120粒", "120 softgels", 120, "piece", 0.08, 0.15, 259)],
          ing=ING["lutein"], life=730),
    ]  # fmt: skip
    c["maple-grove"] += [
        P("probiotics", "KIDS-POWDER", "枫林自然 儿童益生菌粉", "Maple Grove Kids' Probiotic "
          "Powder",
          "独立条包，可冲入温水或酸奶，适合 1 岁以上儿童。无糖无乳制品。",
          "Single-serve sachets to stir into lukewarm water or yoghurt, for children one and "
          "over. No sugar, no dairy.",
          [v("30S", "30条", "30 sachets", 30, "piece", 0.045, 0.12, 189),
           v("60S", "60条", "60 sachets", 60, "piece", 0.09, 0.2, 339)],
          ing=ING["probiotic"], life=730, tags=["sugar-free", "hypoallergenic"]),
    ]  # fmt: skip
    c["edelweiss"] += [
        P("chocolate", "WHITE-VANILLA", "雪绒花巧克力 马达加斯加香草白巧克力", "Chocolaterie "
          "Edelweiss White Chocolate with Madagascar Vanilla",
          "可可脂与瑞士牛奶，马达加斯加香草籽清晰可见。", "Cocoa butter and Swiss milk, "
          "speckled with Madagascar vanilla seeds.",
          [bar, pack(bar, 5, 0.9)], ing=ING["white-choc"], life=365),
    ]  # fmt: skip
    c["maison-brugge"] += [
        P("chocolate", "DARK-THINS", "布鲁日之家 72% 黑巧克力薄片", "Maison Brugge 72% Dark "
          "Chocolate Thins",
          "独立包装薄片，一片一口，办公室下午茶的好伴侣。", "Individually wrapped thins, one "
          "bite each: an office tea-time companion.",
          [v("200G", "200克", "200 g", 200, "g", 0.2, 0.25, 69),
           pack(v("200G", "200克", "200 g", 200, "g", 0.2, 0.25, 69), 3, 0.9)],
          ing=ING["dark70"], life=365),
    ]  # fmt: skip
    c["forno-lucca"] += [
        P("biscuits", "SAVOIARDI", "卢卡烘焙坊 意式手指饼干（提拉米苏专用）", "Forno Lucca "
          "Savoiardi Ladyfingers for Tiramisu",
          "轻盈多孔，吸满咖啡不软塌，是自制提拉米苏的关键。", "Light and porous: soaks up "
          "coffee without collapsing, the key to a homemade tiramisu.",
          [v("200G", "200克", "200 g", 200, "g", 0.2, 0.24, 29),
           pack(v("200G", "200克", "200 g", 200, "g", 0.2, 0.24, 29), 3, 0.9)],
          ing=ING["savoiardi"], life=365),
    ]  # fmt: skip
    c["nordlys"][0]["variants"].append(pack(tin, 3, 0.88))
    c["mizuho"] += [
        P("shampoo", "KIDS", "瑞穗发研 儿童泡沫洗发沐浴二合一", "Mizuho Kids' Foaming Shampoo & "
          "Body Wash",
          "按压即出泡沫，弱酸性无泪配方，洗头洗澡一瓶搞定。",
          "Pumps out ready-made foam; a mildly acidic tear-free formula for hair and body.",
          [bottle(460, 79), v("400MLR", "400毫升 替换装", "400 ml refill pouch", 400, "ml",
                             0.41, 0.43, 59)],
          ing=ING["kids-wash"], life=1095, tags=["sensitive-skin", "paraben-free"]),
    ]  # fmt: skip
    c["mizuho"][2]["variants"].append(pack(bottle(350, 119), 2, 0.9))
    c["siam-herbal"][1]["variants"].append(pack(bottle(350, 69), 2, 0.9))
    c["zahnwerk"].insert(3, P(
        "toothpaste", "HERBAL", "齿研 草本护龈牙膏", "Zahnwerk Herbal Gum Care Toothpaste",
        "洋甘菊、鼠尾草与没药提取物，舒缓牙龈，含氟防蛀。",
        "Chamomile, sage and myrrh extracts soothe gums; fluoride prevents cavities.",
        [tube[:7] + (35,), pack(tube[:7] + (35,), 3, 0.88)],
        ing=ING["herbal-paste"], life=1095,
    ))  # fmt: skip
    c["fuwari"] += [
        P("diapers", "PREMIUM", "芙瓦丽 天使系列 极上纸尿裤", "Fuwari Angel Premium Diapers",
          "芙瓦丽最高端系列，表层添加保湿乳液成分，夜用 16 小时防漏。",
          "Fuwari's top line, with a lotion-infused top sheet and 16 hours of overnight leak "
          "protection.",
          diaper_sizes([("NB", 66), ("S", 62), ("M", 48), ("L", 40), ("XL", 34)], 189, 0.03),
          tags=["hypoallergenic", "fragrance-free"], guide=DIAPER_GUIDE, life=1095),
    ]  # fmt: skip
    c["sonnenkind"] += [
        P("diapers", "PANTS", "阳光宝贝 有机棉拉拉裤", "Sonnenkind Organic Cotton Pull-Up Pants",
          "有机棉表层，侧边可撕，如厕训练更轻松。", "Organic cotton top sheet and tear-away "
          "sides for easier potty training.",
          diaper_sizes([("M", 36), ("L", 32), ("XL", 28)], 129, 0.034),
          tags=["hypoallergenic", "sustainable-packaging"], certs=["fsc"], guide=PANTS_GUIDE,
          life=1095),
    ]  # fmt: skip
    c["aerolux"] += [
        P("hair-dryer", "LITE", "艾罗力 Lite 轻量高速吹风机", "Aerolux Lite Lightweight High-Speed "
          "Dryer",
          "机身仅 320 克，保留数码马达与智能温控，适合日常快速吹干。",
          "Only 320 g yet keeps the digital motor and smart heat control for fast everyday "
          "drying.",
          [device("SILVER", "银色", "Silver", 0.32, 1.2, 1999),
           device("SAGE", "鼠尾草绿", "Sage Green", 0.32, 1.2, 1999)], origin="MY"),
    ]  # fmt: skip
    c["kaze"] += [
        P("electric-toothbrush", "IRRIGATOR", "风雅 便携冲牙器", "Kaze Portable Water Flosser",
          "脉冲水流清洁牙缝与正畸托槽，IPX7 防水，可充电。", "Pulsed water cleans between teeth "
          "and around braces; IPX7 waterproof and rechargeable.",
          [device("STD", "标准版", "Standard", 0.22, 0.55, 329),
           device("KIT", "含 5 支喷嘴", "With 5 nozzles", 0.25, 0.6, 369)],
          tags=["rechargeable"]),
    ]  # fmt: skip
    c["chateau-lavergne"] += [
        P("white-wine", "SAUTERNES", "拉韦尔涅 苏玳贵腐甜白葡萄酒 2017 半瓶装",
          "Lavergne Sauternes 2017, Half Bottle",
          "贵腐菌感染的赛美蓉酿造，杏脯、蜂蜜与藏红花香气。冰镇后搭配鹅肝或蓝纹奶酪。",
          "Made from botrytised Sémillon: dried apricot, honey and saffron. Serve chilled with "
          "foie gras or blue cheese.",
          [v("375ML", "375毫升", "375 ml", 375, "ml", 0.375, 0.75, 328)],
          ing=ING["wine"], life=3650),
    ]  # fmt: skip
    return c


# ---------------------------------------------------------------- generation


def _retail(price: float, style: tuple[float, bool, bool], fixed: bool) -> Decimal:
    """A shelf price near `price` with the endings Chinese shops use. `style` (drawn once per
    product: jitter factor, ends in 9 rather than 8, rounds to x80) keeps sizes and shades of
    equal base price at equal prices."""
    if fixed:
        return Decimal(str(price)).quantize(Decimal("0.01"))
    factor, nine, eighty = style
    p = price * factor
    if p < 50:
        out = Decimal(int(p)) + Decimal("0.9")
    elif p < 1000:
        n = int(p)
        out = Decimal(n - n % 10 + (9 if nine else 8))
    else:
        n = int(round(p / 10) * 10)
        out = Decimal(n - n % 100 + 80 if eighty else n)
    return out.quantize(Decimal("0.01"))


def _kg(x: float) -> str:
    return str(Decimal(str(x)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def brand_company(slug: str) -> str:
    """The brand owner's 5-digit GS1 company number (distinct per brand)."""
    i = list(BRANDS).index(slug)
    return f"{(i * 7919 + 21011) % 100000:05d}"


def demo_rows(seed: int = 2026) -> list[dict]:
    """The demo catalog as import rows (one per SKU), deterministic for a given seed."""
    rng = random.Random(seed)
    rows: list[dict] = []
    records: dict[str, int] = {}
    for slug, products in _catalog().items():
        zh_b, en_b, country, merchant, gs1, abbr = BRANDS[slug]
        item = 0
        for spec in products:
            product_code = f"{abbr}-{spec['key']}"
            prefix = RECORD_PREFIX[spec["cat"]]
            records[prefix] = records.get(prefix, 0) + 1
            year = 2019 + (records[prefix] * 7) % 6
            record = f"{prefix}{year}{records[prefix] * 37 + 1000:06d}"
            badge = rng.choice(TITLE_BADGES)
            style = (rng.uniform(0.95, 1.05), rng.random() < 0.6, rng.random() < 0.4)
            lo, hi = spec["age"] or (None, None)
            for key, vzh, ven, value, unit, net, gross, price in spec["variants"]:
                item += 1
                gtin = make_gtin13(f"{gs1}{brand_company(slug)}{item:04d}")
                rows.append({
                    "merchant": merchant, "brand": slug, "brand_zh": zh_b, "brand_en": en_b,
                    "category": spec["cat"], "product_code": product_code,
                    "sku_code": f"{product_code}-{key}", "gtin": gtin,
                    "title_zh": f"{badge}{spec['zh']}", "title_en": spec["en"],
                    "description_zh": spec["dzh"], "description_en": spec["den"],
                    "variant_zh": vzh, "variant_en": ven,
                    "price": str(_retail(price, style, spec["fixed"])),
                    "gross_weight_kg": _kg(max(gross, net)), "net_weight_kg": _kg(net),
                    "net_content_value": value, "net_content_unit": unit,
                    "origin_country": spec["origin"] or country,
                    "hs_code": LEAF_HS[spec["cat"]], "positive_list": "true",
                    "record_number": record,
                    "ingredients_zh": spec["ing"][0] if spec["ing"] else "",
                    "ingredients_en": spec["ing"][1] if spec["ing"] else "",
                    "shelf_life_days": str(spec["life"]) if spec["life"] else "",
                    "age_min_months": "" if lo is None else str(lo),
                    "age_max_months": "" if hi is None else str(hi),
                    "stage_label": spec["stage"],
                    "certifications": "|".join(spec["certs"]), "tags": "|".join(spec["tags"]),
                    "size_guide": json.dumps(spec["guide"], ensure_ascii=False)
                    if spec["guide"] else "",
                })  # fmt: skip
    return rows
