"""Personal data masked in customs XML (pure)."""

from freeport.customs.xmlmask import mask_personal_xml

DOC = """<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB311Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="G-1" version="v1.0">
  <ceb:OrderHead>
    <ceb:buyerRegNo>shopper-7</ceb:buyerRegNo>
    <ceb:buyerName>王小明</ceb:buyerName>
    <ceb:buyerIdType>1</ceb:buyerIdType>
    <ceb:buyerIdNumber>110105199003071239</ceb:buyerIdNumber>
    <ceb:buyerTelephone>13912345678</ceb:buyerTelephone>
    <ceb:consignee>王小明</ceb:consignee>
    <ceb:consigneeTelephone>13912345678</ceb:consigneeTelephone>
    <ceb:consigneeAddress>山东省青岛市市南区香港中路 8 号 1201 室</ceb:consigneeAddress>
    <ceb:consigneeDistrict>370202</ceb:consigneeDistrict>
    <ceb:note>请王小明签收</ceb:note>
  </ceb:OrderHead>
</ceb:CEB311Message>
"""


def test_every_personal_element_is_masked_and_the_rest_kept():
    out = mask_personal_xml(DOC)
    assert "<ceb:buyerName>王**</ceb:buyerName>" in out
    assert "<ceb:buyerIdNumber>110***********1239</ceb:buyerIdNumber>" in out
    assert "<ceb:buyerTelephone>139****5678</ceb:buyerTelephone>" in out
    assert "<ceb:consignee>王**</ceb:consignee>" in out
    assert "<ceb:consigneeTelephone>139****5678</ceb:consigneeTelephone>" in out
    assert "<ceb:consigneeAddress>山东省" in out and "香港中路" not in out
    # not personal: kept as is
    assert "<ceb:buyerRegNo>shopper-7</ceb:buyerRegNo>" in out
    assert "<ceb:consigneeDistrict>370202</ceb:consigneeDistrict>" in out
    assert "<ceb:buyerIdType>1</ceb:buyerIdType>" in out
    # the same value elsewhere (a note) is masked too
    assert "<ceb:note>请王**签收</ceb:note>" in out
    # the layout is untouched: same lines
    assert len(out.splitlines()) == len(DOC.splitlines())
    for clear in ("王小明", "110105199003071239", "13912345678"):
        assert clear not in out


def test_payer_and_plain_telephone_without_prefix():
    doc = (
        "<PaymentHead><payerIdType>1</payerIdType><payerIdNumber>11010519491231002X"
        "</payerIdNumber><payerName>李雷</payerName><telephone>13800001111</telephone>"
        "</PaymentHead>"
    )
    out = mask_personal_xml(doc)
    assert "<payerIdNumber>110***********002X</payerIdNumber>" in out
    assert "<payerName>李*</payerName>" in out
    assert "<telephone>138****1111</telephone>" in out


def test_attributes_cdata_entities_and_whitespace():
    doc = (
        '<a><ceb:buyerName xml:lang="zh"> 王小明 </ceb:buyerName>'
        "<ceb:consignee><![CDATA[Tom & Jerry]]></ceb:consignee>"
        "<consigneeAddress>1 A&amp;B Road</consigneeAddress>"
        "<buyerTelephone/><consignee></consignee></a>"
    )
    out = mask_personal_xml(doc)
    assert '<ceb:buyerName xml:lang="zh"> 王** </ceb:buyerName>' in out
    assert "<ceb:consignee>T**********</ceb:consignee>" in out  # CDATA read as text
    assert "<consigneeAddress>1 A*******</consigneeAddress>" in out  # "1 A&B Road" read
    assert "Jerry" not in out and "B Road" not in out
    assert "<buyerTelephone/>" in out and "<consignee></consignee>" in out


def test_names_are_matched_exactly():
    doc = "<consigneeDistrict>370202</consigneeDistrict><consigneeX>keep</consigneeX>"
    assert mask_personal_xml(doc) == doc


def test_nothing_personal_leaves_the_document_unchanged():
    doc = "<ceb:orderNo>FP1</ceb:orderNo>"
    assert mask_personal_xml(doc) == doc
