"""Customs code values the CEB messages use (a small, checked subset; no full code tables).

Sources:

* Countries (regions): the customs 3-digit country (region) code table of 《JGS-20 海关业务代码集》
  (国别(地区)代码表). China E-port publishes it as a code list; it is not in
  ../shared/specs/ceb (SOURCES.md "Gaps"). The values below were checked against a public
  mirror of that table and agree with the official samples (CEB311/621 use 116 = Japan; FIELDS.md
  §15.7: inventory `country` = 142 = China in bonded mode). Only the countries of origin the
  platform sells (freeport.kernel.countries.COUNTRIES) are mapped; an unmapped country is an error,
  never a guess.
* Units of measure: 《JGS-20》 计量单位代码表 (3 digits). Only the units a bonded retail shop needs.
* Transport modes: 《JGS-20》 运输方式代码表 (1 character); for 1210 the mode of the leg leaving
  the bonded zone.
* Trade modes (监管方式): 1210 保税跨境贸易电子商务, 9610 跨境贸易电子商务 (FIELDS.md §15.7).
"""

CURRENCY_CNY = "142"  # the only currency; the XSD fixes it (fixed="142")
CHINA = "142"  # country (region) code of China: InventoryHead.country in bonded mode (1210)

BONDED, DIRECT = "1210", "9610"
TRADE_MODES = {BONDED: "保税跨境贸易电子商务", DIRECT: "跨境贸易电子商务"}

# ISO 3166-1 alpha-2 -> JGS-20 country (region) code.
JGS20_COUNTRY = {
    "JP": "116",  # 日本
    "KR": "133",  # 韩国
    "SG": "132",  # 新加坡
    "MY": "122",  # 马来西亚
    "TH": "136",  # 泰国
    "BE": "301",  # 比利时
    "DK": "302",  # 丹麦
    "GB": "303",  # 英国
    "DE": "304",  # 德国
    "FR": "305",  # 法国
    "IE": "306",  # 爱尔兰
    "IT": "307",  # 意大利
    "NL": "309",  # 荷兰
    "PT": "311",  # 葡萄牙
    "ES": "312",  # 西班牙
    "AT": "315",  # 奥地利
    "NO": "326",  # 挪威
    "SE": "330",  # 瑞典
    "CH": "331",  # 瑞士
    "CL": "412",  # 智利
    "CA": "501",  # 加拿大
    "US": "502",  # 美国
    "AU": "601",  # 澳大利亚
    "NZ": "609",  # 新西兰
    "CN": CHINA,  # 中国
}

# JGS-20 units of measure (计量单位代码) used for retail goods.
UNITS = {
    "006": "套",
    "007": "个",
    "011": "件",
    "012": "支",
    "035": "千克",
    "036": "克",
    "095": "升",
    "096": "毫升",
    "120": "箱",
    "122": "罐",
    "125": "包",
    "136": "袋",
    "140": "盒",
    "142": "瓶",
}

# JGS-20 transport modes (运输方式代码).
TRANSPORT_MODES = {
    "0": "非保税区",
    "1": "监管仓库",
    "2": "水路运输",
    "3": "铁路运输",
    "4": "公路运输",
    "5": "航空运输",
    "6": "邮件运输",
    "7": "保税区",
    "8": "保税仓库",
    "9": "其它运输",
    "W": "物流中心",
    "X": "物流园区",
    "Y": "保税港区",
    "Z": "出口加工区",
}


def country_code(iso_alpha2: str) -> str:
    """The JGS-20 country (region) code of an ISO 3166-1 alpha-2 code; KeyError if unmapped."""
    try:
        return JGS20_COUNTRY[iso_alpha2.upper()]
    except KeyError:
        raise KeyError(f"no JGS-20 country code mapped for {iso_alpha2!r}") from None
