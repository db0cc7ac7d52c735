"""Organisation rules: trees, reporting lines, sign-in throttling, and rights that apply next request."""

import pytest
from django.test import Client

from chengdan.accounts import actions
from chengdan.accounts.models import Department, User
from chengdan.core.errors import DomainError
from chengdan.testing.org import PASSWORD, Org


def test_moving_a_department_moves_its_subtree_and_scopes_follow(org: Org) -> None:
    sub = actions.create_department(actor=org.root, name="浦东小组", parent_id=org.team.pk)
    actions.update_department(
        actor=org.root, department_id=org.team.pk, version=org.team.version, parent_id=org.hq.pk, move=True
    )
    sub.refresh_from_db()
    team = Department.objects.get(pk=org.team.pk)
    assert sub.path == f"{org.hq.path}{team.pk}/{sub.pk}/" and sub.depth == 2
    # The regional manager no longer reaches the moved team's customers.
    manager = org.client("regional_manager")
    assert manager.get(f"/api/v1/customers/{org.customers['own'].pk}").status_code == 404


def test_a_department_cannot_move_under_itself(org: Org) -> None:
    with pytest.raises(DomainError) as error:
        actions.update_department(
            actor=org.root, department_id=org.region.pk, version=org.region.version, parent_id=org.team.pk, move=True
        )
    assert error.value.code == "org.cycle"


def test_changing_manager_rewrites_the_reporting_line(org: Org) -> None:
    rep = org.users["own"]
    other = org.users["other_supervisor"]
    actions.update_user(
        actor=org.root, user_id=rep.pk, version=User.objects.get(pk=rep.pk).version, changes={"manager_id": other.pk}
    )
    assert User.objects.get(pk=rep.pk).line_path == f"{other.line_path}{rep.pk}/"
    with pytest.raises(DomainError) as error:
        actions.update_user(
            actor=org.root,
            user_id=other.pk,
            version=User.objects.get(pk=other.pk).version,
            changes={"manager_id": rep.pk},
        )
    assert error.value.code == "org.cycle"


def test_role_change_takes_effect_on_the_next_request(org: Org) -> None:
    client = org.client("same_team")
    url = f"/api/v1/customers/{org.customers['own'].pk}"
    assert client.get(url).status_code == 404
    admin = org.client("admin")
    supervisor_role = next(r for r in admin.get("/api/v1/roles").json() if r["code"] == "sales_supervisor")
    user = admin.get(f"/api/v1/users/{org.users['same_team'].pk}").json()
    admin.patch(
        f"/api/v1/users/{user['id']}",
        data={"version": user["version"], "role_ids": [supervisor_role["id"]]},
        content_type="application/json",
    )
    assert client.get(url).status_code == 200


def test_supervisor_cannot_transfer_outside_their_scope(org: Org) -> None:
    client = org.client("supervisor")
    url = f"/api/v1/customers/{org.customers['own'].pk}/transfer"
    refused = client.post(
        url, data={"owner_id": org.users["other_team"].pk, "version": 1}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["code"] == "permission.target_out_of_scope"
    moved = client.post(
        url, data={"owner_id": org.users["same_team"].pk, "version": 1}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["owner_id"] == org.users["same_team"].pk


def test_repeated_failures_lock_the_account_with_back_off(org: Org, settings: object) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3  # type: ignore[attr-defined]
    client = Client()
    url = "/api/v1/auth/login"
    for _ in range(3):
        bad = client.post(url, data={"username": "rep_own", "password": "x"}, content_type="application/json")
        assert bad.status_code == 401 and bad.json()["code"] == "auth.invalid_credentials"
    locked = client.post(url, data={"username": "rep_own", "password": PASSWORD}, content_type="application/json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "auth.locked" and locked.json()["retry_after"] > 0


def test_password_change_checks_the_old_one_and_the_rules(org: Org) -> None:
    client = org.client("own")
    url = "/api/v1/auth/password"
    wrong = client.post(
        url, data={"old_password": "x", "new_password": "Fresh-Passw0rd!"}, content_type="application/json"
    )
    assert wrong.status_code == 422 and "old_password" in wrong.json()["fields"]
    weak = client.post(url, data={"old_password": PASSWORD, "new_password": "123"}, content_type="application/json")
    assert weak.status_code == 422 and "new_password" in weak.json()["fields"]
    ok = client.post(
        url, data={"old_password": PASSWORD, "new_password": "Fresh-Passw0rd!"}, content_type="application/json"
    )
    assert ok.status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 200
    assert User.objects.get(pk=org.users["own"].pk).check_password("Fresh-Passw0rd!")


def test_disabled_user_loses_access_at_once(org: Org) -> None:
    client = org.client("own")
    user = User.objects.get(pk=org.users["own"].pk)
    actions.update_user(actor=org.root, user_id=user.pk, version=user.version, changes={"is_active": False})
    assert client.get("/api/v1/customers").status_code == 401
