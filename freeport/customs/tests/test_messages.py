"""Customs messages (CEB311/411/511/621/625): build, XSD validation, rules, signing, parsing.

Pure tests (no database). The official samples are copied in ./samples (see PROVENANCE.md).
"""

import dataclasses
import os
import stat
from datetime import UTC, datetime
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from freeport.customs.messages import (
    Amounts,
    Buyer,
    Consignee,
    DeclarationError,
    Enterprise,
    GoodsLine,
    MessageParseError,
    OrderDeclaration,
    Parcel,
    Parties,
    PaymentInfo,
    ReturnDeclaration,
    ReturnLine,
    SignatureError,
    Signer,
    SigningConfigError,
    Site,
    Transmitter,
    XmlDsigSigner,
    build_inventory,
    build_order,
    build_payment,
    build_return,
    build_waybill,
    check_rules,
    codes,
    installation,
    parse,
    validate,
    verify_signature,
)
from freeport.customs.messages.xmltools import CEB_NS, DS_NS
from freeport.customs.tax import REFUSED, ConsumptionTaxRule, LineInput, Measure, OrderInput, quote
from freeport.kernel.countries import COUNTRIES

SAMPLES = Path(__file__).parent / "samples"
CHINA = ZoneInfo("Asia/Shanghai")
NS = {"ceb": CEB_NS, "ds": DS_NS}
PAID_AT = datetime(2025, 3, 8, 3, 27, 1, tzinfo=UTC)  # 11:27:01 in China
APP_TIME = datetime(2025, 3, 8, 16, 5, 0, tzinfo=UTC)  # 2025-03-09 00:05:00 in China

PARTIES = Parties(
    platform=Enterprise("3301968FPT", "弗里波特跨境电商服务（杭州）有限公司"),
    seller=Enterprise("3301W6X001", "新西兰乳业跨境贸易（杭州）有限公司"),
    payment=Enterprise("3301960PAY", "示例支付科技有限公司"),
    logistics=Enterprise("3301980LGS", "示例供应链物流有限公司"),
    agent=Enterprise("3301968FPT", "弗里波特跨境电商服务（杭州）有限公司"),
)
SITE = Site(
    customs_code="2991",
    port_code="2991",
    traf_mode="4",
    ems_no="T2991W000001",
    warehouse=Enterprise("3301W60001", "杭州综保区保税仓储有限公司"),
    transmitter=Transmitter(
        "3301968FPT", "弗里波特跨境电商服务（杭州）有限公司", "DXPENT0000012345"
    ),
)
BUYER = Buyer("FP-U-000123", "张小燕", "330106199001011234", "13800138000")
CONSIGNEE = Consignee(
    "张小燕", "13800138000", "浙江省杭州市西湖区文三路 100 号 2 单元 301", "330106"
)


def goods(gnum, price, qty=1, origin="NZ", **kw):
    values = dict(
        gnum=gnum,
        item_no=f"SKU-{gnum:04d}",
        item_name="a2 白金版婴儿配方奶粉 1 段 900g",
        gcode="1901101090",
        gmodel="a2 Platinum|1段|900g/罐|0-6月龄|牛奶蛋白",
        origin=origin,
        unit="122",
        qty=D(qty),
        price=D(price),
        unit1="035",
        qty1=D("0.9") * qty,
        item_record_no=str(gnum),
        bar_code="9421903084118",
    )
    values.update(kw)
    return GoodsLine(**values)


def declaration(lines, freight="12.00", insurance="1.50", discount="20.00", **kw):
    """A declaration priced by the tax engine, as the order service will build it."""
    q = quote(
        OrderInput(
            tuple(LineInput(ln.price, int(ln.qty), D("0.13"), hs_code=ln.gcode) for ln in lines),
            D(freight),
            D(insurance),
            D(discount),
        )
    )
    assert q.regime != REFUSED, q.reason
    values = dict(
        order_no="FP20250308000123",
        cop_no="FPI20250308000123",
        parties=PARTIES,
        site=SITE,
        buyer=BUYER,
        consignee=CONSIGNEE,
        lines=tuple(lines),
        amounts=Amounts.from_quote(q),
        payment=PaymentInfo("2025030822001400001234567890", PAID_AT),
        parcel=Parcel("SF1400012345678", D("2.35"), D("1.95")),
    )
    values.update(kw)
    return OrderDeclaration(**values), q


@pytest.fixture(scope="module")
def signer():
    return XmlDsigSigner.generate("Freeport test")


@pytest.fixture(scope="module")
def decl():
    cream = goods(
        2,
        "455.00",
        origin="FR",
        item_name="修护面霜 50ml",
        gcode="3304990099",
        gmodel="品牌X|面霜|50ml/瓶",
        unit="142",
        qty1=D("0.05"),
        bar_code="",
    )
    return declaration([goods(1, "268.00", qty=2), cream])[0]


@pytest.fixture(scope="module")
def messages(decl, signer):
    kw = {"app_time": APP_TIME}
    return {
        "CEB311": build_order(decl, **kw),
        "CEB411": build_payment(decl, **kw),
        "CEB511": build_waybill(decl, **kw),
        "CEB621": build_inventory(decl, signer=signer, **kw),
    }


def text(xml: bytes, path: str) -> str:
    return etree.fromstring(xml).findtext(path, namespaces=NS)


# ----------------------------------------------------------------------------- official samples

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("CEB*.xml"))


def test_all_ten_samples_are_there():
    kinds = {"311", "312", "411", "412", "511", "512", "621", "622", "625", "626"}
    assert SAMPLE_FILES == [f"CEB{k}Message.xml" for k in sorted(kinds)]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_official_sample_validates(name):
    assert validate((SAMPLES / name).read_bytes()) == []


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_official_sample_parses(name):
    msg = parse((SAMPLES / name).read_bytes())
    assert msg.kind == name[:6] and len(msg.guid) == 36 and msg.documents
    declarations = {"CEB311", "CEB411", "CEB511", "CEB621", "CEB625"}
    assert msg.signed == (msg.kind in declarations)  # the samples sign every declaration


def test_official_samples_are_not_consistent_and_rules_say_so():
    # FIELDS.md §17: order line 2 is 200 x 10 with totalPrice 12000; lines do not sum either.
    found = check_rules((SAMPLES / "CEB311Message.xml").read_bytes())
    assert any(v.rule == "15.3" and "line 2 totalPrice" in v.where for v in found)
    inventory = check_rules((SAMPLES / "CEB621Message.xml").read_bytes())
    assert any(v.rule == "15.5" for v in inventory)


def test_sample_signatures_use_sm2_and_cannot_be_verified_here(signer):
    with pytest.raises(SignatureError):
        signer.verify((SAMPLES / "CEB621Message.xml").read_bytes())


# ----------------------------------------------------------------------------- built messages


@pytest.mark.parametrize("kind", ["CEB311", "CEB411", "CEB511", "CEB621"])
def test_built_message_validates(messages, kind):
    xml = messages[kind]
    assert validate(xml) == []
    root = etree.fromstring(xml)
    assert root.tag == f"{{{CEB_NS}}}{kind}Message" and root.get("version") == "1.0"
    guid = root.get("guid")
    assert len(guid) == 36 and guid == guid.upper()
    assert root.findtext(".//ceb:guid", namespaces=NS) == guid  # record guid = message guid


def test_return_validates_signed_and_verifies(decl, signer):
    ret = ReturnDeclaration(
        decl,
        invt_no="29912025I000012345",
        cop_no="FPR20250320000001",
        reason="七天无理由退货",
        lines=(ReturnLine(1, D(1)),),
    )
    xml = build_return(ret, signer=signer, app_time=APP_TIME)
    assert validate(xml) == []
    signer.verify(xml)
    msg = parse(xml)
    assert msg.kind == "CEB625" and msg.signed
    assert msg.head["invtNo"] == "29912025I000012345"
    assert msg.documents[0].lines[0] == {
        "gnum": "1",
        "gcode": "1901101090",
        "gname": decl.lines[0].item_name,
        "qty": "1",
        "unit": "122",
    }


def test_order_amounts_follow_the_tax_engine(decl, messages):
    q = quote(
        OrderInput(
            tuple(LineInput(ln.price, int(ln.qty), D("0.13")) for ln in decl.lines),
            D("12.00"),
            D("1.50"),
            D("20.00"),
        )
    )
    head = parse(messages["CEB311"]).head
    assert head["goodsValue"] == "991.00"  # 2 x 268.00 + 455.00
    assert head["freight"] == "13.50"  # freight 12.00 + insurance 1.50 (no insurance element)
    assert head["discount"] == "20.00"
    assert head["taxTotal"] == f"{q.totals['tax']:.2f}"
    assert head["acturalPaid"] == f"{q.totals['payable']:.2f}" == f"{decl.actural_paid:.2f}"
    assert parse(messages["CEB411"]).head["amountPaid"] == head["acturalPaid"]
    waybill = parse(messages["CEB511"]).head
    assert (waybill["freight"], waybill["insuredFee"]) == ("12.00", "1.50")
    inventory = parse(messages["CEB621"]).head
    assert (inventory["freight"], inventory["insuredFee"]) == ("12.00", "1.50")


def test_times_are_china_time(messages):
    assert parse(messages["CEB311"]).head["appTime"] == "20250309000500"
    assert parse(messages["CEB411"]).head["payTime"] == "20250308112701"
    assert parse(messages["CEB621"]).head["declTime"] == "20250309"


def test_default_guid_and_app_time(decl):
    before = datetime.now(CHINA).strftime("%Y%m%d%H%M%S")
    a, b = parse(build_order(decl)), parse(build_order(decl))
    assert a.guid != b.guid and a.guid == a.guid.upper()
    assert before <= a.head["appTime"] <= datetime.now(CHINA).strftime("%Y%m%d%H%M%S")


def test_guid_given_is_used_upper_case(decl):
    guid = "4cde1cfd-eded-46b1-946c-b8022e42fc94"
    assert parse(build_order(decl, guid=guid)).guid == guid.upper()
    with pytest.raises(DeclarationError, match="guid"):
        build_order(decl, guid="not-a-guid")


def test_inventory_bonded_fields(messages, decl):
    msg = parse(messages["CEB621"])
    h = msg.head
    assert (h["tradeMode"], h["country"], h["ieFlag"], h["packNo"]) == ("1210", "142", "I", "1")
    assert (h["emsNo"], h["areaCode"], h["assureCode"]) == (
        "T2991W000001",
        "3301W60001",
        PARTIES.seller.code,
    )
    assert not {"trafNo", "voyageNo", "billNo"} & set(h)
    first, second = msg.documents[0].lines
    assert (first["country"], second["country"]) == ("609", "305")  # New Zealand, France
    assert first["gname"] == first["itemName"] == decl.lines[0].item_name
    assert second["barCode"] == "无"  # FIELDS.md: "无" when the goods have no bar code
    assert first["totalPrice"] == "536.00" and first["qty1"] == "1.8"


def test_signature_is_the_last_child_after_base_transfer(messages, signer):
    root = etree.fromstring(messages["CEB621"])
    assert [etree.QName(c).localname for c in root[-2:]] == ["BaseTransfer", "Signature"]
    sig = root[-1]
    assert sig.find("ds:SignedInfo/ds:Reference", NS).get("URI") == ""
    transforms = sig.findall("ds:SignedInfo/ds:Reference/ds:Transforms/ds:Transform", NS)
    assert [t.get("Algorithm") for t in transforms] == [f"{DS_NS}enveloped-signature"]
    assert sig.find("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS) is not None
    signer.verify(messages["CEB621"])


def test_optional_signature_on_order_validates(decl, signer):
    xml = build_order(decl, signer=signer)
    assert validate(xml) == [] and parse(xml).signed
    signer.verify(xml)


def test_waybill_goods_info_is_cut_to_200_characters(decl):
    long = tuple(goods(i, "10.00", item_name="很长的商品名称" * 6) for i in range(1, 9))
    xml = build_waybill(declaration(long, discount="0")[0])
    info = parse(xml).head["goodsInfo"]
    assert len(info) == 200 and info.endswith("…")


def test_optional_elements_are_omitted_when_empty(decl):
    plain = dataclasses.replace(decl, consignee=dataclasses.replace(CONSIGNEE, district=""))
    head = parse(build_order(plain)).head
    assert "consigneeDistrict" not in head and "batchNumbers" not in head


# ----------------------------------------------------------------------------- input errors


def errors_of(call) -> list[str]:
    with pytest.raises(DeclarationError) as info:
        call()
    return info.value.errors


def test_input_errors_are_listed_together(decl):
    bad = dataclasses.replace(
        decl,
        lines=(
            dataclasses.replace(decl.lines[0], gnum=2, item_no="X" * 21),
            dataclasses.replace(decl.lines[1], origin="ZZ"),
        ),
    )
    errors = errors_of(lambda: build_order(bad, app_time=datetime(2025, 1, 1)))
    assert "app_time: must be timezone-aware" in errors
    assert "lines.0.gnum: must be 1 (consecutive from 1)" in errors
    assert any(e.startswith("lines.0.item_no: at most 20") for e in errors)
    assert any(e.startswith("lines.1.origin: no JGS-20 country code") for e in errors)


def test_float_money_is_refused(decl):
    bad = dataclasses.replace(decl, amounts=dataclasses.replace(decl.amounts, freight=12.0))
    assert "amounts.freight: must be a Decimal amount" in errors_of(lambda: build_order(bad))


def test_amount_with_three_decimals_is_refused(decl):
    bad = dataclasses.replace(decl, amounts=dataclasses.replace(decl.amounts, tax_total=D("1.005")))
    assert "amounts.tax_total: at most 2 decimal places" in errors_of(lambda: build_payment(bad))


def test_goods_value_must_match_the_lines(decl):
    bad = dataclasses.replace(decl, amounts=dataclasses.replace(decl.amounts, goods_value=D(1)))
    assert any("differs from the lines' total" in e for e in errors_of(lambda: build_order(bad)))


def test_overlong_field_fails_with_the_schema_error(decl):
    bad = dataclasses.replace(decl, consignee=dataclasses.replace(CONSIGNEE, name="张" * 101))
    errors = errors_of(lambda: build_waybill(bad))
    assert any("ceb:consignee" in e and "maxLength" in e and e.startswith("line ") for e in errors)


def test_no_transmitter(decl):
    bad = dataclasses.replace(decl, site=dataclasses.replace(SITE, transmitter=None))
    assert any(e.startswith("transmitter:") for e in errors_of(lambda: build_order(bad)))
    other = Transmitter("3301960PAY", "示例支付科技有限公司", "DXPPAY0000000001")
    assert parse(build_payment(bad, transmitter=other)).transfer["copCode"] == "3301960PAY"


def test_inventory_needs_bonded_set_up(decl, signer):
    bad = dataclasses.replace(
        decl,
        site=dataclasses.replace(SITE, trade_mode="9610", ems_no=""),
        lines=(dataclasses.replace(decl.lines[0], item_record_no=""), decl.lines[1]),
    )
    errors = errors_of(lambda: build_inventory(bad, signer=signer))
    assert "site.trade_mode: only 1210 (bonded import) is supported" in errors
    assert "site.ems_no: required in bonded mode (1210)" in errors
    assert "lines.0.item_record_no: required in bonded mode (1210)" in errors


def test_return_errors(decl, signer):
    ret = ReturnDeclaration(
        decl,
        invt_no="29912025I000012345",
        cop_no="",
        reason="质量问题",
        lines=(ReturnLine(1, D(3)), ReturnLine(7, D(1))),
    )
    errors = errors_of(lambda: build_return(ret, signer=signer))
    assert "lines.0.qty: more than the 2 declared" in errors
    assert "lines.1.gnum: the inventory has no line 7 (error -625209)" in errors
    assert "cop_no: required (the PDF requires copNo)" in errors


def test_every_country_of_origin_has_a_customs_code():
    assert set(COUNTRIES) <= set(codes.JGS20_COUNTRY)


# ----------------------------------------------------------------------------- validation


def edit(xml: bytes, change) -> bytes:
    root = etree.fromstring(xml)
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_missing_required_element_fails(messages):
    def drop(root):
        el = root.find(".//ceb:orderNo", NS)
        el.getparent().remove(el)

    errors = validate(edit(messages["CEB311"], drop))
    assert errors and errors[0].startswith("line ")
    assert "ceb:ebpCode" in errors[0] and "Expected is ( ceb:orderNo )" in errors[0]


@pytest.mark.parametrize("value", ["12.345678", "abc", "12,00", "1" * 20])
def test_bad_amount_fails(messages, value):
    def set_amount(root):
        root.find(".//ceb:amountPaid", NS).text = value

    errors = validate(edit(messages["CEB411"], set_amount))
    assert len(errors) == 1 and "ceb:amountPaid" in errors[0]


def test_overlong_field_fails(messages):
    def lengthen(root):
        root.find(".//ceb:logisticsNo", NS).text = "L" * 61

    [error] = validate(edit(messages["CEB511"], lengthen))
    assert "ceb:logisticsNo" in error and "maxLength" in error and "61" in error


def test_wrong_currency_and_missing_signature_fail(messages):
    def change(root):
        root.find(".//ceb:currency", NS).text = "502"
        root.remove(root.find("ds:Signature", NS))

    errors = validate(edit(messages["CEB621"], change))
    assert any("ceb:currency" in e and "142" in e for e in errors)
    assert any("ds:Signature" in e for e in errors)


def test_not_xml_and_not_a_message():
    assert validate(b"<ceb:CEB311Message").pop().startswith("line 1: not well-formed XML")
    head = f'<ceb:OrderHead xmlns:ceb="{CEB_NS}"/>'.encode()
    assert validate(head) == ["line 1: root element ceb:OrderHead is not a ceb:CEBnnnMessage"]


def test_entities_are_not_expanded(messages, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xml = (
        messages["CEB311"]
        .replace(b"?>", f'?><!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'.encode(), 1)
        .replace(b"<ceb:consignee>", b"<ceb:consignee>&e;", 1)
    )
    assert b"&e;" in xml
    assert validate(xml) == ["line 1: a DOCTYPE is not allowed in a CEB message"]
    with pytest.raises(MessageParseError, match="DOCTYPE"):
        parse(xml)
    with pytest.raises(SignatureError, match="DOCTYPE"):
        XmlDsigSigner.generate().sign(xml)


# ----------------------------------------------------------------------------- rules (§15-§16)


def test_a_consistent_set_has_no_violation(messages):
    assert check_rules(*messages.values()) == []


def test_amount_paid_must_equal_actural_paid(messages):
    def raise_amount(root):
        root.find(".//ceb:amountPaid", NS).text = "1000.00"

    payment = edit(messages["CEB411"], raise_amount)
    assert validate(payment) == []  # the schema cannot see it
    [v] = check_rules(messages["CEB311"], payment)
    assert v.rule == "16 Payment amount" and "amountPaid" in v.where
    assert "differs from the order's acturalPaid" in str(v)


def test_actural_paid_arithmetic(messages):
    def change(root):
        root.find(".//ceb:acturalPaid", NS).text = "1.00"

    [v] = check_rules(edit(messages["CEB311"], change))
    assert v.rule == "15.1" and "goodsValue + freight + taxTotal - discount" in v.message


def test_consignee_mismatch_between_order_and_waybill(decl, messages):
    other = dataclasses.replace(decl, consignee=dataclasses.replace(CONSIGNEE, name="李四"))
    found = check_rules(messages["CEB311"], build_waybill(other))
    assert [(v.rule, v.where.rsplit(" ", 1)[-1]) for v in found] == [
        ("16 Waybill → Order", "consignee")
    ]


def test_order_number_mismatch(decl, messages, signer):
    other = dataclasses.replace(decl, order_no="FP-OTHER")
    found = check_rules(
        messages["CEB311"],
        build_payment(other),
        build_inventory(other, signer=signer),
        messages["CEB511"],
    )
    rules = {v.rule for v in found}
    assert {"16 Payment → Order", "16 Inventory → Order", "16 Inventory → Waybill"} <= rules


def test_buyer_must_be_payer(decl, messages):
    other = dataclasses.replace(decl, buyer=dataclasses.replace(BUYER, name="王五"))
    [v] = check_rules(messages["CEB311"], build_payment(other))
    assert v.rule == "16 Buyer / payer identity" and v.where.endswith("payerName")


def test_line_total_and_goods_sum(messages):
    def change(root):
        root.find(".//ceb:OrderList/ceb:totalPrice", NS).text = "530.00"

    found = check_rules(edit(messages["CEB311"], change))
    assert {v.rule for v in found} == {"15.3", "15.4"}
    assert [v.rule for v in check_rules(edit(messages["CEB311"], change), goods_sum=False)] == [
        "15.3"
    ]


def test_return_rules_against_the_inventory(decl, messages, signer):
    ret = ReturnDeclaration(decl, "29912025I000012345", "FPR1", "退货", (ReturnLine(1, D(2)),))
    xml = build_return(ret, signer=signer)
    assert check_rules(messages["CEB621"], xml) == []

    def more(root):
        root.find(".//ceb:InvtRefundList/ceb:qty", NS).text = "5"
        root.find(".//ceb:InvtRefundList/ceb:gcode", NS).text = "1901101090"

    def wrong_code(root):
        root.find(".//ceb:InvtRefundList/ceb:gcode", NS).text = "0000000000"

    assert [v.rule for v in check_rules(messages["CEB621"], edit(xml, more))] == ["15.9"]
    [v] = check_rules(messages["CEB621"], edit(xml, wrong_code))
    assert "-625209" in v.message


def test_pdf_stricter_rules(messages, decl, signer):
    def drop_fees(root):
        for name in ("freight", "insuredFee"):
            el = root.find(f".//ceb:{name}", NS)
            el.getparent().remove(el)

    waybill = edit(messages["CEB511"], drop_fees)
    assert validate(waybill) == []  # optional in the XSD ...
    assert [v.rule for v in check_rules(waybill)] == ["17", "17"]  # ... required by the PDF


def test_unsigned_declared_inventory_is_reported(messages):
    def unsign(root):
        root.remove(root.find("ds:Signature", NS))

    found = check_rules(edit(messages["CEB621"], unsign))
    assert any("requires a ds:Signature" in v.message for v in found)


# ----------------------------------------------------------------------------- signing


def test_signer_round_trip_and_tamper(messages, signer):
    xml = messages["CEB621"]
    signer.verify(xml)
    tampered = xml.replace(b"<ceb:qty>2</ceb:qty>", b"<ceb:qty>3</ceb:qty>", 1)
    assert tampered != xml and validate(tampered) == []
    with pytest.raises(SignatureError, match="does not verify"):
        signer.verify(tampered)


def test_other_key_does_not_verify(messages):
    with pytest.raises(SignatureError):
        XmlDsigSigner.generate("someone else").verify(messages["CEB621"])


def test_unsigned_and_double_signing(messages, signer):
    with pytest.raises(SignatureError, match="exactly one"):
        signer.verify(messages["CEB311"])
    with pytest.raises(SignatureError, match="already signed"):
        signer.sign(messages["CEB621"])


def test_signer_pem_round_trip(signer):
    again = XmlDsigSigner.from_pem(signer.key_pem(), signer.cert_pem())
    assert again.certificate == signer.certificate
    with pytest.raises(SignatureError, match="does not belong"):
        XmlDsigSigner.from_pem(signer.key_pem(), XmlDsigSigner.generate().cert_pem())


class FakeSm2Signer:
    """Stands in for an SM2-SM3 signing service: any `Signer` can be plugged into the builders."""

    def sign(self, xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        sample = etree.parse(str(SAMPLES / "CEB621Message.xml")).getroot()
        root.append(sample.find("ds:Signature", NS))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def verify(self, xml: bytes) -> None:
        raise SignatureError("not implemented in the fake")


def test_signer_is_pluggable(decl):
    assert isinstance(FakeSm2Signer(), Signer) and isinstance(XmlDsigSigner.generate(), Signer)
    xml = build_inventory(decl, signer=FakeSm2Signer())
    assert validate(xml) == [] and b"sm2-sm3" in xml


def test_installation_signer_is_generated_once(settings, tmp_path, monkeypatch):
    monkeypatch.delenv(installation.KEY_SETTING, raising=False)
    monkeypatch.delenv(installation.CERT_SETTING, raising=False)
    settings.VAR_DIR = tmp_path
    settings.CUSTOMS_SIGNING_KEY_FILE = settings.CUSTOMS_SIGNING_CERT_FILE = None
    first = installation.signer_from_settings()
    key_file = tmp_path / "customs-signing" / "key.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert installation.signer_from_settings().certificate == first.certificate


def test_installation_signer_from_configured_files(settings, tmp_path, signer):
    (tmp_path / "k.pem").write_bytes(signer.key_pem())
    (tmp_path / "c.pem").write_bytes(signer.cert_pem())
    settings.CUSTOMS_SIGNING_KEY_FILE = str(tmp_path / "k.pem")
    settings.CUSTOMS_SIGNING_CERT_FILE = str(tmp_path / "c.pem")
    assert installation.signer_from_settings().certificate == signer.certificate
    settings.CUSTOMS_SIGNING_CERT_FILE = None
    with pytest.raises(SigningConfigError, match="both"):
        installation.signer_from_settings()


# ----------------------------------------------------------------------------- properties

prices = st.decimals(min_value=D("0.01"), max_value=D("1200.00"), places=2)
fees = st.decimals(min_value=D("0"), max_value=D("60.00"), places=2)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.tuples(prices, st.integers(1, 4)), min_size=1, max_size=5),
    freight=fees,
    insurance=fees,
    discount_share=st.decimals(0, 1, places=2),
)
def test_built_messages_always_validate_and_add_up(
    signer, lines, freight, insurance, discount_share
):
    goods_lines = [goods(i, price, qty) for i, (price, qty) in enumerate(lines, 1)]
    total = sum((p * q for p, q in lines), D(0))
    discount = (total * discount_share).quantize(D("0.01"))
    priced = OrderInput(
        tuple(LineInput(p, q, D("0.13")) for p, q in lines), freight, insurance, discount
    )
    assume(quote(priced).regime != REFUSED)
    decl, q = declaration(goods_lines, str(freight), str(insurance), str(discount))
    order, payment = build_order(decl), build_payment(decl)
    waybill, inventory = build_waybill(decl), build_inventory(decl, signer=signer)
    for xml in (order, payment, waybill, inventory):
        assert validate(xml) == []
    head = parse(order).head
    paid = D(head["acturalPaid"])
    assert paid == q.totals["payable"] == total + freight + insurance + q.totals["tax"] - discount
    assert paid == D(head["goodsValue"]) + D(head["freight"]) + D(head["taxTotal"]) - D(
        head["discount"]
    )
    assert D(parse(payment).head["amountPaid"]) == paid
    assert check_rules(order, payment, waybill, inventory) == []


def test_cosmetic_with_consumption_tax_still_adds_up(signer):
    rule = ConsumptionTaxRule("high_end_cosmetic", D("0.15"))
    q = quote(
        OrderInput(
            (
                LineInput(
                    D("850.00"),
                    1,
                    D("0.13"),
                    consumption_tax=rule,
                    net_content=Measure(D("30"), "ml"),
                ),
            )
        )
    )
    decl, _ = declaration([goods(1, "850.00", origin="FR")], "0", "0", "0")
    decl = dataclasses.replace(decl, amounts=Amounts.from_quote(q))
    head = parse(build_order(decl)).head
    assert (head["taxTotal"], head["acturalPaid"]) == ("196.00", "1046.00")  # cbec-rules §10 C
    assert check_rules(build_order(decl), build_payment(decl)) == []


def test_installation_signer_is_the_default(settings, tmp_path, monkeypatch, decl):
    monkeypatch.delenv(installation.KEY_SETTING, raising=False)
    monkeypatch.delenv(installation.CERT_SETTING, raising=False)
    settings.VAR_DIR = tmp_path
    settings.CUSTOMS_SIGNING_KEY_FILE = settings.CUSTOMS_SIGNING_CERT_FILE = None
    installation.installation_signer.cache_clear()
    try:
        xml = build_inventory(decl)
        assert validate(xml) == [] and verify_signature(xml)
        assert not verify_signature(xml.replace(b"<ceb:qty>2<", b"<ceb:qty>3<", 1))
        assert not verify_signature(build_order(decl))
    finally:
        installation.installation_signer.cache_clear()
