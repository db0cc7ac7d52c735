"""Issue 3 in a browser: an admin builds a region, a team, a supervisor and two reps; scopes hold."""

import re
from typing import Any

import pytest
from django.test import Client

from chengdan.accounts.models import Department, User
from chengdan.customers import actions as customer_actions
from chengdan.testing.org import PASSWORD, Org

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "E2e-Passw0rd!"


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    field = "[data-testid={0}] input, input[data-testid={0}]"
    page.locator(field.format("login-username")).first.fill(username)
    page.locator(field.format("login-password")).first.fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(re.compile(r".*/$"))


def sign_out(page: Any) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").first.click()
    page.wait_for_url(re.compile(r".*/login.*"))


def pick(page: Any, box: Any, text: str, search: str | None = None) -> None:
    """Open an Element Plus select (or tree select) and click the option with `text`."""
    box.click()
    if search:
        page.keyboard.type(search)
    options = ".el-select-dropdown__item:visible, .el-tree-node__content:visible"
    option = page.locator(options).filter(has_text=text)
    option.first.click()
    page.keyboard.press("Escape")


def add_department(page: Any, parent: Department, name: str) -> Department:
    page.get_by_test_id(f"department-add-{parent.pk}").click()
    page.locator("[data-testid=department-name] input, input[data-testid=department-name]").first.fill(name)
    page.get_by_test_id("departments-save").click()
    page.locator("[data-testid=departments-tree]").get_by_text(name).wait_for()
    return Department.objects.get(name=name)


def add_user(page: Any, username: str, team: str, role: str, manager: str | None = None) -> None:
    page.get_by_test_id("users-create").click()
    dialog = page.get_by_test_id("user-dialog")
    dialog.locator("[data-testid=user-username] input, input[data-testid=user-username]").first.fill(username)
    dialog.locator("[data-testid=user-display-name] input, input[data-testid=user-display-name]").first.fill(username)
    dialog.locator("[data-testid=user-password] input, input[data-testid=user-password]").first.fill(NEW_PASSWORD)
    selects = dialog.locator(".el-select")  # department, extra departments, manager, roles
    pick(page, selects.nth(0), team)
    if manager:
        pick(page, selects.nth(2), manager, search=manager)
    pick(page, selects.nth(3), role)
    page.get_by_test_id("users-save").click()
    page.get_by_test_id("users-table").get_by_text(username, exact=True).first.wait_for()


def visible_names(page: Any, base: str, expected: set[str]) -> set[str]:
    """The two test customers the list shows, once it shows `expected` or 10 s have passed."""
    page.goto(f"{base}/customers")
    table = page.get_by_test_id("customers-table")
    table.wait_for()
    page.wait_for_load_state("networkidle")
    seen: set[str] = set()
    for _ in range(50):  # a loaded CI machine may still be rendering rows after the network settles
        seen = {name for name in ("深圳甲公司", "深圳乙公司") if table.get_by_text(name).count()}
        if seen == expected:
            break
        page.wait_for_timeout(200)
    return seen


def signed_in_as(page: Any) -> str:
    """Who the server says the browser's session belongs to."""
    return str(page.evaluate("fetch('/api/v1/auth/me').then(r => r.json()).then(me => me.username)"))


def test_admin_builds_a_team_and_each_person_sees_exactly_their_scope(live_server: Any, page: Any, org: Org) -> None:
    base = live_server.url
    sign_in(page, base, "admin_user", PASSWORD)
    page.goto(f"{base}/departments")
    region = add_department(page, org.hq, "华南大区")
    add_department(page, region, "深圳组")
    page.goto(f"{base}/users")
    add_user(page, "sz_sup", "深圳组", "销售主管")
    add_user(page, "sz_rep1", "深圳组", "销售代表", manager="sz_sup")
    add_user(page, "sz_rep2", "深圳组", "销售代表", manager="sz_sup")
    sign_out(page)

    rep1, rep2, supervisor = (User.objects.get(username=name) for name in ("sz_rep1", "sz_rep2", "sz_sup"))
    for user, role in [(supervisor, "销售主管"), (rep1, "销售代表"), (rep2, "销售代表")]:
        assert user.department.name == "深圳组", user.username
        assert [r.name for r in user.roles.all()] == [role], user.username
    assert rep1.manager == supervisor and rep2.manager == supervisor
    customer_actions.create_customer(actor=rep1, values={"name": "深圳甲公司"})
    customer_actions.create_customer(actor=rep2, values={"name": "深圳乙公司"})

    expected = {
        "sz_rep1": {"深圳甲公司"},
        "sz_rep2": {"深圳乙公司"},
        "sz_sup": {"深圳甲公司", "深圳乙公司"},
    }
    for username, names in expected.items():
        sign_in(page, base, username, NEW_PASSWORD)
        assert signed_in_as(page) == username
        assert visible_names(page, base, names) == names, username
        sign_out(page)
    sign_in(page, base, org.users["supervisor"].username, PASSWORD)  # another team's supervisor
    assert visible_names(page, base, set()) == set()

    for user, names in [
        (rep1, expected["sz_rep1"]),
        (rep2, expected["sz_rep2"]),
        (supervisor, expected["sz_sup"]),
        (org.users["supervisor"], set()),
    ]:
        client = Client()
        client.force_login(user)
        listed = {item["name"] for item in client.get("/api/v1/customers?limit=200").json()["items"]}
        assert listed & {"深圳甲公司", "深圳乙公司"} == names, user.username
