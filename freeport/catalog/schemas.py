"""API shapes for the catalog. Amounts are strings with 2 decimals; text comes in both languages."""

from ninja import Schema


class BrandOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    country: str


class CategoryOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    children: list["CategoryOut"] = []


class LabelOut(Schema):
    code: str
    name_zh: str
    name_en: str


class ProductCardOut(Schema):
    id: int
    code: str
    merchant: str
    title_zh: str
    title_en: str
    brand: BrandOut
    category: str
    origin_country: str
    price_min: str
    price_max: str
    tags: list[str]
    certifications: list[str]
    url: str
    image_url: str


class NetContentOut(Schema):
    value: str
    unit: str


class SkuOut(Schema):
    code: str
    gtin: str
    variant_zh: str
    variant_en: str
    price: str
    currency: str = "CNY"
    net_content: NetContentOut
    gross_weight_kg: str
    net_weight_kg: str
    available: int


class TaxProfileOut(Schema):
    hs_code: str
    vat_rate: str
    consumption_tax: str


class StageOut(Schema):
    age_min_months: int | None
    age_max_months: int | None
    label: str
    cn_stage: str | None
    cn_standard: str | None


class WarehouseStockOut(Schema):
    warehouse: str
    name_zh: str
    name_en: str
    kind: str
    available: int


class ProductDetailOut(ProductCardOut):
    description_zh: str
    description_en: str
    record_number: str
    positive_list: bool
    tax_profile: TaxProfileOut
    ingredients_zh: str
    ingredients_en: str
    shelf_life_days: int | None
    stage: StageOut | None
    size_guide: list[dict]
    tags_detail: list[LabelOut]
    certifications_detail: list[LabelOut]
    skus: list[SkuOut]
    stock: list[WarehouseStockOut]


class PageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[ProductCardOut]
