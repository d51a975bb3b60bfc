"""Countries of origin in bonded-center trade: ISO 3166-1 alpha-2, zh-Hans and English names."""

COUNTRIES: dict[str, tuple[str, str]] = {
    "AU": ("澳大利亚", "Australia"),
    "NZ": ("新西兰", "New Zealand"),
    "JP": ("日本", "Japan"),
    "KR": ("韩国", "South Korea"),
    "FR": ("法国", "France"),
    "DE": ("德国", "Germany"),
    "IT": ("意大利", "Italy"),
    "ES": ("西班牙", "Spain"),
    "NL": ("荷兰", "Netherlands"),
    "CH": ("瑞士", "Switzerland"),
    "GB": ("英国", "United Kingdom"),
    "IE": ("爱尔兰", "Ireland"),
    "US": ("美国", "United States"),
    "CA": ("加拿大", "Canada"),
    "CL": ("智利", "Chile"),
    "TH": ("泰国", "Thailand"),
    "MY": ("马来西亚", "Malaysia"),
    "SG": ("新加坡", "Singapore"),
    "DK": ("丹麦", "Denmark"),
    "SE": ("瑞典", "Sweden"),
    "NO": ("挪威", "Norway"),
    "BE": ("比利时", "Belgium"),
    "PT": ("葡萄牙", "Portugal"),
    "AT": ("奥地利", "Austria"),
}


def country_name(code: str, language: str = "zh-hans") -> str:
    zh, en = COUNTRIES.get(code, (code, code))
    return en if language.startswith("en") else zh
