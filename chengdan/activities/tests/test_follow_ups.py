"""Follow-ups through the API: logging on each kind of record, clocks, reminders, mentions, edits, audit."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from chengdan.accounts import roles as role_actions
from chengdan.accounts.models import User
from chengdan.activities import notice_kinds
from chengdan.activities.choices import ReminderKind, ReminderStatus
from chengdan.activities.models import FollowUp, Reminder
from chengdan.activities.tests.follow_up_factories import log
from chengdan.attachments.models import Attachment
from chengdan.audit.models import AuditEntry
from chengdan.customers.models import Customer
from chengdan.leads.models import Lead
from chengdan.leads.tests.factories import make_lead
from chengdan.notifications.models import Notification
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.tests.factories import make_opportunity
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
URL = "/api/v1/follow-ups"


def _post(client: Client, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def _patch(client: Client, follow_up_id: int, body: dict[str, Any]) -> Any:
    return client.patch(f"{URL}/{follow_up_id}", json.dumps(body), content_type="application/json")


def _on_customer(org: Org, **fields: Any) -> dict[str, Any]:
    return {"record_type": "customers", "record_id": org.customers["own"].pk, "content": "电话沟通需求", **fields}


def test_logging_on_a_customer_moves_its_clocks_schedules_the_next_and_is_audited(org: Org) -> None:
    customer = org.customers["own"]
    Customer.objects.filter(pk=customer.pk).update(idle_since=timezone.now() - timedelta(days=40))
    next_at = timezone.now() + timedelta(days=3)

    response = _post(org.client("own"), _on_customer(org, kind="wechat", next_follow_up_at=next_at.isoformat()))

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["content"], body["record_type"], body["author_name"]) == (
        "wechat",
        "电话沟通需求",
        "customers",
        "rep_own",
    )
    follow_up = FollowUp.objects.get(pk=body["id"])
    assert (follow_up.department_id, follow_up.customer_id) == (org.team.pk, customer.pk)
    customer.refresh_from_db()
    assert customer.last_follow_up_at == follow_up.occurred_at == customer.idle_since
    reminder = Reminder.objects.get(subject_type="follow_ups", subject_id=str(follow_up.pk))
    assert (reminder.recipient_id, reminder.kind, reminder.due_at, reminder.status) == (
        org.users["own"].pk,
        ReminderKind.FOLLOW_UP_DUE,
        next_at,
        ReminderStatus.PENDING,
    )
    assert reminder.link == f"/customers/{customer.pk}"
    entry = AuditEntry.objects.get(object_type="follow_ups", object_id=str(follow_up.pk))
    assert entry.action == "follow_up.created"
    assert entry.changes["content"] == [None, "电话沟通需求"]
    # The subject text of the audit entry never carries the content (field rules may hide it).
    assert "电话沟通" not in entry.object_repr


def test_a_contacts_and_a_deals_follow_up_carry_their_customer(org: Org) -> None:
    customer = org.customers["own"]
    deal = make_opportunity(org.users["own"], customer, name="年度框架")
    Opportunity.objects.filter(pk=deal.pk).update(last_activity_at=timezone.now() - timedelta(days=30))
    client = org.client("own")

    on_contact = _post(client, {"record_type": "contacts", "record_id": org.contacts["own"].pk, "content": "微信"})
    on_deal = _post(client, {"record_type": "opportunities", "record_id": deal.pk, "content": "报价沟通"})

    assert on_contact.status_code == on_deal.status_code == 201
    contact_row = FollowUp.objects.get(pk=on_contact.json()["id"])
    deal_row = FollowUp.objects.get(pk=on_deal.json()["id"])
    assert (contact_row.customer_id, contact_row.contact_id) == (customer.pk, org.contacts["own"].pk)
    assert (deal_row.customer_id, deal_row.opportunity_id) == (customer.pk, deal.pk)
    deal.refresh_from_db()
    assert deal.last_activity_at == deal_row.occurred_at
    assert on_deal.json()["record_name"] == "年度框架"


def test_a_leads_follow_up_starts_work_and_counts_for_scoring(org: Org) -> None:
    lead = make_lead(org.users["own"], name="新线索")

    response = _post(org.client("own"), {"record_type": "leads", "record_id": lead.pk, "content": "首次电话"})

    assert response.status_code == 201
    lead.refresh_from_db()
    assert lead.status == "working"
    assert lead.last_follow_up_at == FollowUp.objects.get().occurred_at
    from chengdan.leads import scoring

    assert scoring.follow_up_counts([lead.pk]) == {lead.pk: 1}


def test_a_record_out_of_scope_answers_404_and_no_right_403(org: Org) -> None:
    finance = org.client("anonymous")
    finance.force_login(User.objects.get(username="finance"))

    hidden = _post(org.client("same_team"), _on_customer(org))
    missing = _post(org.client("same_team"), {**_on_customer(org), "record_id": 999999})
    refused = _post(finance, _on_customer(org))

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert refused.status_code == 403
    assert not FollowUp.objects.exists()


def test_bad_input_is_refused_per_field(org: Org) -> None:
    client = org.client("own")
    cases = [
        ({"content": "  "}, "content"),
        ({"occurred_at": (timezone.now() + timedelta(days=1)).isoformat()}, "occurred_at"),
        ({"next_follow_up_at": (timezone.now() - timedelta(hours=1)).isoformat()}, "next_follow_up_at"),
        ({"participant_ids": [999999]}, "participant_ids"),
        ({"contact_ids": [org.contacts["other_team"].pk]}, "contact_ids"),
    ]
    for fields, name in cases:
        response = _post(client, _on_customer(org, **fields), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 422, name
        assert name in response.json()["fields"], response.json()
    assert not FollowUp.objects.exists()


def test_mentions_notify_those_who_can_see_and_refuse_those_who_cannot(org: Org) -> None:
    client = org.client("own")
    supervisor, stranger = org.users["supervisor"], org.users["other_team"]

    blind = _post(client, _on_customer(org, mentioned_user_ids=[supervisor.pk, stranger.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert blind.status_code == 422
    assert "rep_other" in blind.json()["fields"]["mentioned_user_ids"]
    assert not FollowUp.objects.exists() and not Notification.objects.exists()

    seen = _post(client, _on_customer(org, content="@supervisor 请支持报价", mentioned_user_ids=[supervisor.pk]))
    assert seen.status_code == 201
    assert seen.json()["mentions"] == [{"id": supervisor.pk, "name": "supervisor"}]
    notice = Notification.objects.get()
    assert (notice.recipient_id, notice.kind, notice.link) == (
        supervisor.pk,
        notice_kinds.MENTIONED,
        f"/customers/{org.customers['own'].pk}",
    )
    # Editing the text again does not notify twice; a newly added colleague is notified once.
    same_team_supervisor = org.users["regional_manager"]
    follow_up_id = seen.json()["id"]
    _patch(client, follow_up_id, {"version": 1, "mentioned_user_ids": [supervisor.pk, same_team_supervisor.pk]})
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [supervisor.pk, same_team_supervisor.pk]
    )


def test_participants_are_colleagues_and_the_customers_contacts(org: Org) -> None:
    client = org.client("own")
    body = _on_customer(org, participant_ids=[org.users["same_team"].pk], contact_ids=[org.contacts["own"].pk])

    response = _post(client, body)

    assert response.status_code == 201
    assert response.json()["participants"] == [{"id": org.users["same_team"].pk, "name": "rep_same"}]
    assert response.json()["participant_contacts"] == [{"id": org.contacts["own"].pk, "name": "own联系人"}]


def test_moving_the_next_follow_up_reschedules_and_clearing_cancels(org: Org) -> None:
    first = timezone.now() + timedelta(days=1)
    follow_up = log(org.users["own"], "customers", org.customers["own"].pk, next_follow_up_at=first)
    client = org.client("own")
    later = timezone.now() + timedelta(days=5)

    moved = _patch(client, follow_up.pk, {"version": 1, "next_follow_up_at": later.isoformat()})
    assert moved.status_code == 200
    reminder = Reminder.objects.get()
    assert (reminder.due_at, reminder.status) == (later, ReminderStatus.PENDING)

    cleared = _patch(client, follow_up.pk, {"version": 2, "next_follow_up_at": None})
    assert cleared.status_code == 200
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED
    assert Reminder.objects.count() == 1


def test_edits_need_the_current_version_and_the_right_to_edit(org: Org) -> None:
    follow_up = log(org.users["own"], "customers", org.customers["own"].pk)
    body = {"version": 1, "content": "补充：客户要求下周演示"}

    assert _patch(org.client("same_team"), follow_up.pk, body).status_code == 404
    assert _patch(org.client("customer_service"), follow_up.pk, body).status_code == 403
    assert _patch(org.client("supervisor"), follow_up.pk, body).status_code == 200
    stale = _patch(org.client("own"), follow_up.pk, body)
    assert stale.status_code == 409
    assert stale.json()["current"]["content"] == "补充：客户要求下周演示"
    entry = AuditEntry.objects.get(object_type="follow_ups", action="follow_up.updated")
    assert entry.changes["content"] == ["电话沟通需求", "补充：客户要求下周演示"]
    assert entry.actor_id == org.users["supervisor"].pk


def test_deleting_cancels_the_reminder_and_removes_the_files(org: Org) -> None:
    follow_up = log(
        org.users["own"], "customers", org.customers["own"].pk, next_follow_up_at=timezone.now() + timedelta(days=1)
    )
    client = org.client("own")
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0photo", content_type="image/jpeg")
    uploaded = client.post("/api/v1/attachments", {"resource": "follow_ups", "object_id": follow_up.pk, "file": photo})
    assert uploaded.status_code == 201, uploaded.content
    assert client.get(f"{URL}/{follow_up.pk}").json()["attachment_count"] == 1
    stranger = org.client("same_team").post(
        "/api/v1/attachments",
        {"resource": "follow_ups", "object_id": follow_up.pk, "file": SimpleUploadedFile("x.jpg", b"\xff\xd8x")},
    )
    assert stranger.status_code == 404

    assert org.client("same_team").delete(f"{URL}/{follow_up.pk}").status_code == 404
    assert client.delete(f"{URL}/{follow_up.pk}").status_code == 204

    assert not FollowUp.objects.exists() and not Attachment.objects.exists()
    assert Reminder.objects.get().status == ReminderStatus.CANCELLED
    assert AuditEntry.objects.filter(object_type="follow_ups", action="follow_up.deleted").exists()


def _restricted_reader(org: Org, rule: str) -> Client:
    role = role_actions.create_role(
        actor=org.root,
        code=f"content_{rule}",
        name=rule,
        description="",
        grants=[
            role_actions.GrantSpec("customers", ["view"], "all", []),
            role_actions.GrantSpec("follow_ups", ["view", "export"], "all", []),
        ],
        field_rules=[role_actions.FieldRuleSpec("follow_ups", "content", rule)],
    )
    user = User.objects.create_user(f"reader_{rule}", password="x" * 12, department=org.hq)
    user.roles.add(role)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("rule", ["hidden", "masked"])
def test_field_rules_on_content_reach_every_output(org: Org, rule: str) -> None:
    secret = "客户预算三百万元整"
    follow_up = log(org.users["own"], "customers", org.customers["own"].pk, content=secret)
    client = _restricted_reader(org, rule)
    feed = f"{URL}/feed?record_type=customers&record_id={org.customers['own'].pk}"
    timeline = f"/api/v1/customers/{org.customers['own'].pk}/timeline"

    bodies = [client.get(url) for url in (URL, f"{URL}/{follow_up.pk}", feed, timeline)]
    export = client.get(f"{URL}/export.csv")

    assert all(response.status_code == 200 for response in bodies)
    assert export.status_code == 200
    texts = [response.content.decode() for response in bodies] + [b"".join(export.streaming_content).decode()]
    for text in texts:
        assert secret not in text
    detail = bodies[1].json()
    if rule == "hidden":
        assert "content" not in detail
        assert "内容" not in texts[-1].splitlines()[0]
    else:
        assert detail["content"] == "客" + "*" * (len(secret) - 2) + "整"


def test_logging_costs_a_constant_number_of_queries(org: Org, django_assert_num_queries: Any) -> None:
    client = org.client("own")
    for index in range(5):
        _post(client, _on_customer(org, content=f"第 {index} 次"))  # the cost does not grow with the history
    body = _on_customer(org, next_follow_up_at=(timezone.now() + timedelta(days=1)).isoformat())

    with django_assert_num_queries(QUERIES_TO_LOG[connection.vendor]) as captured:
        response = _post(client, body)
    assert response.status_code == 201
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert len(writes) < QUERIES_TO_LOG[connection.vendor]


# Session and user (2), profile (1), the customer (1), the follow-up (1), its new reminder (1), two clock
# updates, the audit append (head lock, entry, head; no savepoint, the actor's name at hand), and the
# answer's reads (participants, contacts, the author's department).
QUERIES_TO_LOG = {"sqlite": 16, "postgresql": 16}


def test_timelines_show_the_follow_ups_their_record_decides(org: Org) -> None:
    customer = org.customers["own"]
    deal = make_opportunity(org.users["own"], customer)
    lead = make_lead(org.users["own"], name="线索甲")
    on_customer = log(org.users["own"], "customers", customer.pk)
    on_deal = log(org.users["own"], "opportunities", deal.pk)
    on_lead = log(org.users["own"], "leads", lead.pk)
    client = org.client("own")

    customer_entries = client.get(f"/api/v1/customers/{customer.pk}/timeline").json()["items"]
    lead_entries = client.get(f"/api/v1/leads/{lead.pk}/timeline").json()["items"]

    follow_up_ids = {entry["subject_id"] for entry in customer_entries if entry["subject_type"] == "follow_ups"}
    assert follow_up_ids == {str(on_customer.pk)}
    assert {entry["subject_id"] for entry in lead_entries if entry["subject_type"] == "follow_ups"} == {str(on_lead.pk)}
    from chengdan.opportunities import queries as opportunity_queries

    assert ("follow_ups", [str(on_deal.pk)]) in opportunity_queries.timeline_subjects(deal.pk)
    assert Lead.objects.get(pk=lead.pk).status == "working"
