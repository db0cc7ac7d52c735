"""Admin reads and writes on polled mailboxes; the password is write-only and never rendered."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, NotFoundError, StaleVersionError, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.records import register_renderer
from chengdan.core.versioning import bump_version
from chengdan.leads import mail
from chengdan.leads.models import Mailbox
from chengdan.leads.permissions import LEAD_SETTINGS

POLL_FAILED = "lead.mailbox_poll_failed"
# The password is left out of the audit trail on purpose; only the fact that it changed is recorded.
AUDITED = ["name", "host", "port", "use_ssl", "username", "folder", "campaign", "is_active"]
WRITABLE = {*AUDITED, "password"}


def render_mailbox(mailbox: Mailbox) -> dict[str, Any]:
    """A mailbox as MailboxOut: `has_password` instead of the password."""
    return {
        "id": mailbox.pk,
        "name": mailbox.name,
        "host": mailbox.host,
        "port": mailbox.port,
        "use_ssl": mailbox.use_ssl,
        "username": mailbox.username,
        "has_password": bool(mailbox.password),
        "folder": mailbox.folder,
        "campaign": mailbox.campaign,
        "uid_validity": mailbox.uid_validity,
        "last_uid": mailbox.last_uid,
        "last_polled_at": mailbox.last_polled_at,
        "last_error": mailbox.last_error,
        "is_active": mailbox.is_active,
        "version": mailbox.version,
    }


register_renderer(Mailbox, lambda actor, mailbox: render_mailbox(mailbox))


def _audit(name: str, mailbox: Mailbox, actor: User, changes: dict[str, tuple[Any, Any]]) -> None:
    publish(Event(name, "mailboxes", str(mailbox.pk), mailbox.name[:255], actor.pk, changes=changes))


def _get(actor: User, mailbox_id: int, action: str, *, for_update: bool = False) -> Mailbox:
    engine.require_action(actor, LEAD_SETTINGS.resource, action)
    queryset = Mailbox.objects.select_for_update() if for_update else Mailbox.objects.all()
    mailbox = queryset.filter(pk=mailbox_id).first()
    if mailbox is None:
        raise NotFoundError()
    return mailbox


def list_mailboxes(actor: User) -> QuerySet[Mailbox]:
    """Every mailbox by name (lead settings view right)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    return Mailbox.objects.order_by("name", "pk")


def get_mailbox(actor: User, mailbox_id: int) -> Mailbox:
    """One mailbox (404 when missing)."""
    return _get(actor, mailbox_id, "view")


def create_mailbox(*, actor: User, values: dict[str, Any]) -> Mailbox:
    """Add a mailbox; it is read from the next poll on (all messages already in the folder included)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "create")
    with transaction.atomic():
        mailbox = Mailbox.objects.create(**{name: value for name, value in values.items() if name in WRITABLE})
        _audit("mailbox.created", mailbox, actor, diff({}, snapshot(mailbox, AUDITED)))
    return mailbox


def update_mailbox(*, actor: User, mailbox_id: int, version: int, values: dict[str, Any]) -> Mailbox:
    """Edit a mailbox (409 on a stale version); a new host, user or folder starts reading from scratch."""
    with transaction.atomic():
        mailbox = _get(actor, mailbox_id, "edit", for_update=True)
        if mailbox.version != version:
            raise StaleVersionError(mailbox)
        before = snapshot(mailbox, AUDITED)
        for name, value in values.items():
            if name in WRITABLE:
                setattr(mailbox, name, value)
        after = snapshot(mailbox, AUDITED)
        if any(before[name] != after[name] for name in ("host", "port", "username", "folder")):
            # Another folder's UIDs say nothing about this one.
            mailbox.uid_validity = None
            mailbox.last_uid = 0
        bump_version(mailbox)
        mailbox.save()
        changes = diff(before, after)
        if "password" in values:
            changes["password"] = ("***", "***")
        _audit("mailbox.updated", mailbox, actor, changes)
    return mailbox


def delete_mailbox(*, actor: User, mailbox_id: int) -> None:
    """Delete a mailbox; its leads stay and lose the link."""
    with transaction.atomic():
        mailbox = _get(actor, mailbox_id, "delete", for_update=True)
        _audit("mailbox.deleted", mailbox, actor, diff(snapshot(mailbox, AUDITED), {}))
        mailbox.delete()


def poll_now(*, actor: User, mailbox_id: int) -> mail.PollResult:
    """Poll one mailbox now (edit right); a refused or unreachable server is a 422 naming the cause."""
    mailbox = _get(actor, mailbox_id, "edit")
    result = mail.poll_mailbox(mailbox.pk)
    if result.error:
        message = localized(f"拉取邮件失败：{result.error}", f"Polling the mailbox failed: {result.error}")
        raise DomainError(POLL_FAILED, message, extra={"detail": result.error})
    return result
