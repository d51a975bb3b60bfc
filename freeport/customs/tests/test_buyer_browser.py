"""Shopper journey: sign in, register the real-name buyer, see the error for a wrong ID number."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.browser
ID = "110105199003071239"


@pytest.fixture
def shopper(db):
    return get_user_model().objects.create_user("amy", password="x-long-password-1")


def test_register_a_buyer(page, shopper, axe_check, shot):
    page.goto("/account/buyers/")
    assert "/accounts/login/" in page.url
    axe_check(page, "sign in")
    page.get_by_label("用户名").fill("amy")
    page.get_by_label("密码").fill("x-long-password-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/account/buyers/")
    axe_check(page, "buyers (empty)")

    page.get_by_label("真实姓名（与身份证一致）").fill("王小明")
    page.get_by_label("居民身份证号码").fill(ID[:-1] + "8")
    page.get_by_label("手机号码").fill("13800138000")
    page.get_by_role("button", name="添加订购人").click()
    error = page.locator("#id_id_number-error")
    assert "校验码" in error.inner_text()
    assert page.get_by_label("居民身份证号码").get_attribute("aria-invalid") == "true"
    axe_check(page, "buyers (error)")
    shot(page, "buyers-error-zh")

    page.get_by_label("居民身份证号码").fill(ID)
    page.get_by_role("button", name="添加订购人").click()
    page.wait_for_url("**/account/buyers/")
    row = page.locator("tbody tr").first
    assert "110***********1239" in row.inner_text()
    assert ID not in page.content()
    axe_check(page, "buyers (one)")
    shot(page, "buyers-zh")
