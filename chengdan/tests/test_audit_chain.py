"""The audit log records what matters and proves it was not edited behind the app's back."""

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from chengdan.audit.models import AuditEntry
from chengdan.audit.verify import verify_chain
from chengdan.customers import actions as customer_actions
from chengdan.testing.org import PASSWORD, Org


def test_business_change_is_recorded_with_before_and_after(org: Org) -> None:
    customer = org.customers["own"]
    customer_actions.update_customer(
        actor=org.users["own"], customer_id=customer.pk, version=1, changes={"notes": "新"}
    )
    entry = AuditEntry.objects.filter(action="customer.updated", object_id=str(customer.pk)).get()
    assert entry.changes == {"notes": ["备注", "新"]}
    assert entry.actor_id == org.users["own"].pk


def test_logins_denials_and_role_changes_are_recorded(org: Org) -> None:
    client = Client(HTTP_USER_AGENT="pytest-agent")
    client.post("/api/v1/auth/login", data={"username": "rep_own", "password": "nope"}, content_type="application/json")
    client.post(
        "/api/v1/auth/login", data={"username": "rep_own", "password": PASSWORD}, content_type="application/json"
    )
    client.delete(f"/api/v1/customers/{org.customers['own'].pk}")
    failed = AuditEntry.objects.get(action="auth.login_failed")
    succeeded = AuditEntry.objects.get(action="auth.login_succeeded")
    denied = AuditEntry.objects.get(action="permission.denied")
    assert failed.user_agent == "pytest-agent" and failed.ip == "127.0.0.1"
    assert succeeded.actor_id == org.users["own"].pk
    assert denied.data == {"action": "delete"} and denied.object_type == "customers"
    admin = org.client("admin")
    role = admin.get("/api/v1/roles").json()[1]
    admin.patch(
        f"/api/v1/roles/{role['id']}", data={"version": role["version"], "grants": []}, content_type="application/json"
    )
    change = AuditEntry.objects.get(action="role.updated")
    assert change.changes["grants"][0] == role["grants"] and change.changes["grants"][1] == []


def test_verify_passes_on_an_untouched_chain(org: Org) -> None:
    report = verify_chain()
    assert report.is_intact and report.checked == AuditEntry.objects.count() > 10
    call_command("audit", "verify")


@pytest.mark.parametrize("column", ["object_repr", "changes"])
def test_editing_a_row_behind_the_apps_back_is_detected_and_named(org: Org, column: str) -> None:
    target = AuditEntry.objects.order_by("seq")[5]
    value = "'篡改'" if column == "object_repr" else "'{}'"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditentry SET {column} = {value} WHERE id = %s", [target.pk])
    report = verify_chain()
    assert (report.broken_seq, report.broken_id) == (target.seq, target.pk)
    with pytest.raises(CommandError, match=f"seq={target.seq} id={target.pk}"):
        call_command("audit", "verify")


def test_deleting_a_row_is_detected(org: Org) -> None:
    target = AuditEntry.objects.order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    assert verify_chain().broken_seq == target.seq + 1


def test_events_appended_in_bulk_form_the_same_verifiable_chain(db: None) -> None:
    from chengdan.core.events import Event, publish, publish_many

    publish(Event("lead.captured", "leads", "1", "甲"))
    publish_many([Event("lead.captured", "leads", str(n), f"线索{n}") for n in range(2, 6)])
    publish(Event("lead.captured", "leads", "6", "乙"))

    entries = list(AuditEntry.objects.order_by("seq"))
    assert [entry.object_id for entry in entries[-6:]] == ["1", "2", "3", "4", "5", "6"]
    assert [entry.seq for entry in entries[-6:]] == list(range(entries[-6].seq, entries[-6].seq + 6))
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in itertools.pairwise(entries))
    assert verify_chain().is_intact
