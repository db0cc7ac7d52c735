"""The SPA shell in a real browser: sign-in errors, every page, language switch, sign-out."""

import re
from typing import Any

import pytest

from chengdan.testing.org import PASSWORD, Org

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    field = "[data-testid={0}] input, input[data-testid={0}]"
    page.locator(field.format("login-username")).first.fill(username)
    page.locator(field.format("login-password")).first.fill(password)
    page.get_by_test_id("login-submit").click()


def test_wrong_password_shows_a_clear_message(live_server: Any, page: Any, org: Org) -> None:
    sign_in(page, live_server.url, "admin_user", "wrong-password")
    error = page.get_by_test_id("login-error")
    error.wait_for()
    assert "用户名或密码错误" in error.inner_text()


def test_admin_opens_every_page_switches_language_and_signs_out(live_server: Any, page: Any, org: Org) -> None:
    sign_in(page, live_server.url, "admin_user", PASSWORD)
    page.wait_for_url(re.compile(r".*/$"))
    items = page.locator("[data-testid^=nav-]")
    items.first.wait_for()
    names = [items.nth(i).get_attribute("data-testid") for i in range(items.count())]
    assert len(names) >= 5, names
    for name in names:
        page.locator(f"[data-testid={name}]").first.click()
        page.wait_for_load_state("networkidle")
        assert "404" not in page.locator("main").inner_text()
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("lang-switch").first.click()
    page.wait_for_timeout(300)
    assert re.search(r"Dashboard|Customers|Log out", page.content())
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").first.click()
    page.wait_for_url(re.compile(r".*/login.*"))
