"""The first-contact SLA scan: remind, escalate, return to the pool — each once, whatever the number of runs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from chengdan.access.models import Pool
from chengdan.leads import sla
from chengdan.leads.choices import AssignmentReason, LeadSource, LeadStatus, PoolAction
from chengdan.leads.models import AssignmentLog, Lead, LeadSlaPolicy, PoolEvent
from chengdan.notifications.models import Notification
from chengdan.testing.org import Org

ASSIGNED = datetime(2026, 3, 4, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _lead(org: Org, **values: object) -> Lead:
    owner = org.users["own"]
    defaults: dict[str, object] = {
        "name": "赵女士",
        "source": LeadSource.WEB_FORM,
        "owner": owner,
        "department_id": owner.department_id,
        "assigned_at": ASSIGNED,
    }
    return Lead.objects.create(**(defaults | values))


def _policy(**values: object) -> LeadSlaPolicy:
    policy = LeadSlaPolicy.objects.get()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def _notices(kind: str) -> list[tuple[int, str]]:
    return list(Notification.objects.filter(kind=kind).order_by("pk").values_list("recipient_id", "subject_id"))


def test_remind_the_owner_once_after_the_reminder_time(org: Org) -> None:
    _policy(remind_after_hours=4, escalate_after_hours=8)
    due = _lead(org)
    _lead(org, name="刚分配", assigned_at=ASSIGNED + timedelta(hours=2))
    _lead(org, name="已联系", first_contacted_at=ASSIGNED + timedelta(hours=1))
    _lead(org, name="跟进中", status=LeadStatus.WORKING)
    now = ASSIGNED + timedelta(hours=5)
    assert sla.scan_first_contact_sla(now) == sla.SlaScan(reminded=1)
    assert _notices("lead.sla_remind") == [(org.users["own"].pk, str(due.pk))]
    due.refresh_from_db()
    assert due.sla_reminded_at == now
    assert sla.scan_first_contact_sla(now + timedelta(minutes=30)) == sla.SlaScan()
    assert Notification.objects.count() == 1


def test_escalate_to_the_owners_manager_once(org: Org) -> None:
    _policy(remind_after_hours=4, escalate_after_hours=8)
    due = _lead(org)
    now = ASSIGNED + timedelta(hours=9)
    assert sla.scan_first_contact_sla(now) == sla.SlaScan(reminded=1, escalated=1)
    assert _notices("lead.sla_escalate") == [(org.users["supervisor"].pk, str(due.pk))]
    assert _notices("lead.sla_remind") == [(org.users["own"].pk, str(due.pk))]
    title = Notification.objects.get(kind="lead.sla_escalate").title
    assert title == "rep_own 的线索「赵女士」已超过 8 小时未联系"
    assert sla.scan_first_contact_sla(now) == sla.SlaScan()
    assert sla.scan_first_contact_sla(now + timedelta(hours=1)) == sla.SlaScan()
    assert Notification.objects.count() == 2


def test_return_to_the_pool_after_the_return_time(org: Org) -> None:
    pool = Pool.objects.create(resource="leads", name="线索公海")
    _policy(remind_after_hours=4, escalate_after_hours=8, return_after_hours=24, return_pool=pool)
    due = _lead(org)
    kept = _lead(org, name="未到期", assigned_at=ASSIGNED + timedelta(hours=16))
    now = ASSIGNED + timedelta(hours=25)
    assert sla.scan_first_contact_sla(now) == sla.SlaScan(reminded=1, escalated=1, returned=1)
    due.refresh_from_db()
    assert (due.owner_id, due.department_id, due.pool_id, due.pooled_at) == (None, None, pool.pk, now)
    log = AssignmentLog.objects.get(lead=due)
    assert (log.reason, log.user_id, log.assigned_at) == (AssignmentReason.SLA_RETURN, None, now)
    event = PoolEvent.objects.get(object_id=due.pk, resource="leads")
    assert (event.action, event.user_id, event.pool_id) == (PoolAction.RETURNED, org.users["own"].pk, pool.pk)
    # The returned lead was neither reminded nor escalated; the younger one was both.
    assert _notices("lead.sla_remind") == [(org.users["own"].pk, str(kept.pk))]
    assert _notices("lead.sla_escalate") == [(org.users["supervisor"].pk, str(kept.pk))]
    assert sla.scan_first_contact_sla(now) == sla.SlaScan()
    assert AssignmentLog.objects.count() == 1
    assert Notification.objects.count() == 2


def test_a_reassigned_lead_gets_a_fresh_reminder(org: Org) -> None:
    _policy(remind_after_hours=4, escalate_after_hours=None)
    due = _lead(org)
    sla.scan_first_contact_sla(ASSIGNED + timedelta(hours=5))
    later = ASSIGNED + timedelta(days=1)
    Lead.objects.filter(pk=due.pk).update(
        owner=org.users["same_team"], assigned_at=later, sla_reminded_at=None, sla_escalated_at=None
    )
    assert sla.scan_first_contact_sla(later + timedelta(hours=5)) == sla.SlaScan(reminded=1)
    assert _notices("lead.sla_remind") == [(org.users["own"].pk, str(due.pk)), (org.users["same_team"].pk, str(due.pk))]


def test_an_inactive_policy_does_nothing(org: Org) -> None:
    _policy(is_active=False)
    _lead(org)
    assert sla.scan_first_contact_sla(ASSIGNED + timedelta(days=3)) == sla.SlaScan()
    assert Notification.objects.count() == 0
