"""Writes on follow-ups (跟进记录): log, edit, delete.

Logging one updates the record's "last follow-up" (the customer's and lead's take-back clocks, the deal's
last activity), schedules the author's next follow-up reminder, notifies @mentioned colleagues who can
see the record, and is audited — all in one transaction with a small, constant number of queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.accounts.permissions import visible_users
from chengdan.activities import notice_kinds, queries, reminders
from chengdan.activities.choices import FollowUpKind, FollowUpSource, ReminderKind
from chengdan.activities.models import FollowUp, Visit
from chengdan.activities.permissions import FOLLOW_UPS
from chengdan.attachments.models import Attachment
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Contact
from chengdan.leads import actions as lead_actions
from chengdan.notifications import actions as notification_actions
from chengdan.opportunities import actions as opportunity_actions

AUDITED = [
    "kind",
    "content",
    "occurred_at",
    "lead_id",
    "customer_id",
    "contact_id",
    "opportunity_id",
    "next_follow_up_at",
    "visit_id",
    "source",
    "mentioned_user_ids",
]
MAX_CONTENT = 5000
MAX_PEOPLE = 50
# Phones' clocks drift: a follow-up "now" may arrive stamped a little ahead of the server.
CLOCK_SLACK = timedelta(minutes=10)
EDITABLE = (
    "kind",
    "content",
    "occurred_at",
    "participant_ids",
    "contact_ids",
    "mentioned_user_ids",
    "next_follow_up_at",
)


@dataclass
class FollowUpValues:
    """What a follow-up says; `None` lists mean "leave as is" on an edit."""

    kind: str = FollowUpKind.PHONE
    content: str = ""
    occurred_at: datetime | None = None
    participant_ids: list[int] | None = None
    contact_ids: list[int] | None = None
    mentioned_user_ids: list[int] | None = None
    next_follow_up_at: datetime | None = None
    provided: set[str] = field(default_factory=set)


def _invalid(name: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={name: localized(zh, en)})


def _clean_content(content: str) -> str:
    text = (content or "").strip()
    if not text:
        raise _invalid("content", "请填写跟进内容。", "Describe the follow-up.")
    if len(text) > MAX_CONTENT:
        raise _invalid("content", f"不能超过 {MAX_CONTENT} 个字符。", f"At most {MAX_CONTENT} characters.")
    return text


def _clean_kind(kind: str) -> str:
    if kind not in FollowUpKind.values:
        raise _invalid("kind", "跟进方式无效。", "Unknown follow-up type.")
    return kind


def _check_occurred_at(value: datetime, now: datetime) -> None:
    if value > now + CLOCK_SLACK:
        raise _invalid("occurred_at", "跟进时间不能晚于现在。", "The follow-up cannot be in the future.")


def _check_next(value: datetime | None, now: datetime) -> None:
    if value is not None and value <= now:
        raise _invalid("next_follow_up_at", "下次跟进时间须晚于现在。", "The next follow-up must be in the future.")


def _unique(ids: Iterable[int] | None, name: str) -> list[int]:
    result = sorted(set(ids or []))
    if len(result) > MAX_PEOPLE:
        raise _invalid(name, f"最多 {MAX_PEOPLE} 人。", f"At most {MAX_PEOPLE} people.")
    return result


def _checked_participants(actor: User, ids: list[int]) -> list[int]:
    if not ids:
        return []
    found = set(visible_users(actor).filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    if found != set(ids):
        raise _invalid(
            "participant_ids", "参与人须为您可见的在职同事。", "Participants must be active colleagues you can see."
        )
    return ids


def _checked_contacts(customer_id: int | None, ids: list[int]) -> list[int]:
    if not ids:
        return []
    found = set()
    if customer_id is not None:
        found = set(Contact.objects.filter(customer_id=customer_id, pk__in=ids).values_list("pk", flat=True))
    if found != set(ids):
        raise _invalid("contact_ids", "参与联系人须属于该客户。", "Contacts must belong to the record's customer.")
    return ids


def _checked_mentions(follow_up: FollowUp, ids: list[int]) -> list[User]:
    """The mentioned users; refused (naming them) when one is unknown or may not see the record."""
    if not ids:
        return []
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(users) != len(ids):
        raise _invalid(
            "mentioned_user_ids", "被@的同事不存在或已停用。", "A mentioned colleague does not exist or is inactive."
        )
    # Never tell someone about a record they cannot open: the author is told who, and removes them.
    blind = [user.name for user in users if not engine.can(user, FOLLOW_UPS.resource, "view", follow_up)]
    if blind:
        names = "、".join(sorted(blind))
        raise _invalid(
            "mentioned_user_ids",
            f"以下同事无权查看该记录，不能@：{names}",
            f"These colleagues cannot see this record and cannot be mentioned: {', '.join(sorted(blind))}",
        )
    return users


def _set_people(
    follow_up: FollowUp, participant_ids: list[int] | None, contact_ids: list[int] | None, *, replace: bool
) -> None:
    users_through = FollowUp.participants.through
    contacts_through = FollowUp.participant_contacts.through
    if participant_ids is not None:
        if replace:
            users_through.objects.filter(followup_id=follow_up.pk).delete()
        if participant_ids:
            users_through.objects.bulk_create(
                [users_through(followup_id=follow_up.pk, user_id=user_id) for user_id in participant_ids]
            )
    if contact_ids is not None:
        if replace:
            contacts_through.objects.filter(followup_id=follow_up.pk).delete()
        if contact_ids:
            contacts_through.objects.bulk_create(
                [contacts_through(followup_id=follow_up.pk, contact_id=contact_id) for contact_id in contact_ids]
            )


def _people(follow_up: FollowUp) -> dict[str, list[int]]:
    return {
        "participant_ids": sorted(
            FollowUp.participants.through.objects.filter(followup_id=follow_up.pk).values_list("user_id", flat=True)
        ),
        "contact_ids": sorted(
            FollowUp.participant_contacts.through.objects.filter(followup_id=follow_up.pk).values_list(
                "contact_id", flat=True
            )
        ),
    }


def audit_snapshot(follow_up: FollowUp, people: dict[str, list[int]]) -> dict[str, Any]:
    """The audited values of a follow-up (with its participants), for `diff`."""
    return {**snapshot(follow_up, AUDITED), **people}


def _repr(follow_up: FollowUp, record_name: str) -> str:
    # The content may be hidden by field rules; the audit's subject text must not carry it.
    return f"{FollowUpKind(follow_up.kind).label} · {record_name}"[:255]


def _publish(name: str, follow_up: FollowUp, record_name: str, actor: User, changes: dict[str, Any]) -> None:
    publish(
        Event(
            name,
            FOLLOW_UPS.resource,
            str(follow_up.pk),
            _repr(follow_up, record_name),
            actor.pk,
            changes=changes,
            actor_name=actor.name,
        )
    )


def _schedule_next(follow_up: FollowUp, record_name: str, path: str, *, created: bool) -> None:
    """The author's next follow-up reminder: moved with the time, cancelled when the time is cleared."""
    if follow_up.next_follow_up_at is None:
        if not created:
            reminders.cancel_reminders(
                subject_type=FOLLOW_UPS.resource, subject_id=follow_up.pk, kind=ReminderKind.FOLLOW_UP_DUE
            )
        return
    reminders.schedule_reminder(
        recipient_id=follow_up.author_id,
        kind=ReminderKind.FOLLOW_UP_DUE,
        due_at=follow_up.next_follow_up_at,
        subject_type=FOLLOW_UPS.resource,
        subject_id=follow_up.pk,
        title=f"跟进提醒：{record_name}",
        body=follow_up.content[:200],
        link=path,
        dedupe_key=f"follow_up:{follow_up.pk}",
        new_subject=created,
    )


def reschedule_next_reminder(follow_up: FollowUp, now: datetime | None = None) -> None:
    """The author's next-follow-up reminder for the follow-up's current time (cancelled once it is past).

    The same title and link as when the follow-up was logged, so a moved reminder reads like a new one.
    """
    now = now or timezone.now()
    if follow_up.next_follow_up_at is None or follow_up.next_follow_up_at <= now:
        reminders.cancel_reminders(
            subject_type=FOLLOW_UPS.resource, subject_id=follow_up.pk, kind=ReminderKind.FOLLOW_UP_DUE
        )
        return
    record_name, path = _record_of(follow_up)
    _schedule_next(follow_up, record_name, path, created=False)


def _touch_record(follow_up: FollowUp) -> None:
    """Move the record's "last follow-up" clocks forward (never back)."""
    at = follow_up.occurred_at
    if follow_up.customer_id is not None:
        customer_actions.touch_follow_up([follow_up.customer_id], at)
    if follow_up.lead_id is not None:
        lead_actions.touch_lead_follow_up([follow_up.lead_id], at)
        lead_actions.rescore_after_follow_ups([follow_up.lead_id])
    if follow_up.opportunity_id is not None:
        opportunity_actions.touch_opportunity_activity(follow_up.opportunity_id, at)


def _notify_mentions(actor: User, follow_up: FollowUp, users: list[User], record_name: str, path: str) -> None:
    for user in users:
        if user.pk == actor.pk:
            continue
        notification_actions.notify(
            recipient=user,
            kind=notice_kinds.MENTIONED,
            title=f"{actor.name} 在跟进记录中@了您：{record_name}",
            body=follow_up.content[:200],
            link=path,
            subject_type=FOLLOW_UPS.resource,
            subject_id=str(follow_up.pk),
            dedupe_key=f"mention:{follow_up.pk}:{user.pk}",
        )


def _attach_links(follow_up: FollowUp, record: queries.RecordRef) -> None:
    """Keep the record already loaded on the new row, so rendering it needs no reload."""
    target: Any = record.record
    if record.resource == "leads":
        follow_up.lead = target
    elif record.resource == "customers":
        follow_up.customer = target
    elif record.resource == "contacts":
        follow_up.contact = target
        follow_up.customer = target.customer
    else:
        follow_up.opportunity = target
        follow_up.customer = target.customer


def create_follow_up_on(
    *,
    actor: User,
    record: queries.RecordRef,
    values: FollowUpValues,
    visit: Visit | None = None,
    source: str = FollowUpSource.MANUAL,
) -> FollowUp:
    """Write a follow-up on a record already checked for the actor (caller holds the transaction)."""
    now = timezone.now()
    occurred_at = values.occurred_at or now
    _check_occurred_at(occurred_at, now)
    _check_next(values.next_follow_up_at, now)
    participant_ids = _checked_participants(actor, _unique(values.participant_ids, "participant_ids"))
    contact_ids = _checked_contacts(record.customer_id, _unique(values.contact_ids, "contact_ids"))
    mention_ids = _unique(values.mentioned_user_ids, "mentioned_user_ids")
    follow_up = FollowUp(
        **record.links,
        kind=_clean_kind(values.kind),
        content=_clean_content(values.content),
        occurred_at=occurred_at,
        author=actor,
        department_id=actor.department_id,
        mentioned_user_ids=mention_ids,
        next_follow_up_at=values.next_follow_up_at,
        visit=visit,
        source=source,
    )
    mentioned = _checked_mentions(follow_up, mention_ids)
    follow_up.save()
    _attach_links(follow_up, record)
    _set_people(follow_up, participant_ids, contact_ids, replace=False)
    _schedule_next(follow_up, record.name, record.path, created=True)
    _touch_record(follow_up)
    people = {"participant_ids": participant_ids, "contact_ids": contact_ids}
    _publish("follow_up.created", follow_up, record.name, actor, diff({}, audit_snapshot(follow_up, people)))
    _notify_mentions(actor, follow_up, mentioned, record.name, record.path)
    return follow_up


def log_follow_up(*, actor: User, record_type: str, record_id: int, values: FollowUpValues) -> FollowUp:
    """Log a follow-up on a lead, customer, contact or deal the actor can see (404 otherwise)."""
    engine.require_action(actor, FOLLOW_UPS.resource, "create")
    with transaction.atomic():
        record = queries.resolve_record(actor, record_type, record_id)
        return create_follow_up_on(actor=actor, record=record, values=values)


def _record_of(follow_up: FollowUp) -> tuple[str, str]:
    """(name, SPA path) of the record a stored follow-up is about."""
    if follow_up.opportunity_id is not None:
        return follow_up.opportunity.name if follow_up.opportunity else "", f"/opportunities/{follow_up.opportunity_id}"
    if follow_up.lead_id is not None:
        return follow_up.lead.name if follow_up.lead else "", f"/leads/{follow_up.lead_id}"
    customer = follow_up.customer
    return customer.name if customer else "", f"/customers/{follow_up.customer_id}"


def update_follow_up(*, actor: User, follow_up_id: int, version: int, values: FollowUpValues) -> FollowUp:
    """Edit a follow-up (its author, or whoever may edit its record); a stale version answers 409."""
    now = timezone.now()
    with transaction.atomic():
        follow_up: FollowUp = engine.get_visible(
            actor, FOLLOW_UPS.resource, follow_up_id, "edit", for_update=True, version=version
        )
        people = _people(follow_up)
        before = audit_snapshot(follow_up, people)
        provided = values.provided
        if "kind" in provided:
            follow_up.kind = _clean_kind(values.kind)
        if "content" in provided:
            follow_up.content = _clean_content(values.content)
        if "occurred_at" in provided and values.occurred_at is not None:
            _check_occurred_at(values.occurred_at, now)
            follow_up.occurred_at = values.occurred_at
        if "next_follow_up_at" in provided and values.next_follow_up_at != follow_up.next_follow_up_at:
            _check_next(values.next_follow_up_at, now)
            follow_up.next_follow_up_at = values.next_follow_up_at
        participant_ids = contact_ids = None
        if "participant_ids" in provided:
            participant_ids = _checked_participants(actor, _unique(values.participant_ids, "participant_ids"))
            people["participant_ids"] = participant_ids
        if "contact_ids" in provided:
            contact_ids = _checked_contacts(follow_up.customer_id, _unique(values.contact_ids, "contact_ids"))
            people["contact_ids"] = contact_ids
        newly_mentioned: list[User] = []
        if "mentioned_user_ids" in provided:
            mention_ids = _unique(values.mentioned_user_ids, "mentioned_user_ids")
            added = [user_id for user_id in mention_ids if user_id not in follow_up.mentioned_user_ids]
            follow_up.mentioned_user_ids = mention_ids
            newly_mentioned = _checked_mentions(follow_up, added)
        bump_version(follow_up)
        follow_up.save()
        _set_people(follow_up, participant_ids, contact_ids, replace=True)
        record_name, path = _record_of(follow_up)
        if before["next_follow_up_at"] != snapshot(follow_up, ["next_follow_up_at"])["next_follow_up_at"]:
            _schedule_next(follow_up, record_name, path, created=False)
        if "occurred_at" in provided:
            _touch_record(follow_up)
        _publish("follow_up.updated", follow_up, record_name, actor, diff(before, audit_snapshot(follow_up, people)))
        _notify_mentions(actor, follow_up, newly_mentioned, record_name, path)
    return follow_up


def delete_follow_up(*, actor: User, follow_up_id: int) -> None:
    """Delete a follow-up with its files and pending reminder; the audit keeps its last values."""
    with transaction.atomic():
        follow_up: FollowUp = engine.get_visible(actor, FOLLOW_UPS.resource, follow_up_id, "delete", for_update=True)
        record_name, _ = _record_of(follow_up)
        _publish(
            "follow_up.deleted", follow_up, record_name, actor, diff(audit_snapshot(follow_up, _people(follow_up)), {})
        )
        reminders.cancel_reminders(subject_type=FOLLOW_UPS.resource, subject_id=follow_up.pk)
        delete_files(FOLLOW_UPS.resource, follow_up.pk)
        lead_id = follow_up.lead_id
        follow_up.delete()
        if lead_id is not None:
            lead_actions.rescore_after_follow_ups([lead_id])


def delete_files(resource: str, object_id: int) -> None:
    """Remove an activity's attachments; the stored files go once the deletion commits."""
    attachments = list(Attachment.objects.filter(resource=resource, object_id=object_id))
    for attachment in attachments:
        stored = attachment.file
        transaction.on_commit(lambda stored=stored: stored.delete(save=False))  # type: ignore[misc]
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()
