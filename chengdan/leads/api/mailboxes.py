"""Admin endpoints of polled mailboxes: CRUD under /lead-settings/mailboxes (password write-only) and poll-now."""

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.leads import mailbox_actions
from chengdan.leads.form_schemas import MailboxIn, MailboxOut, MailboxPatch, PollOut

router = Router(tags=["lead-mailboxes"])
PREFIX = "/lead-settings/mailboxes"


@router.get(PREFIX, response=responses(list[MailboxOut]))
def list_mailboxes(request: HttpRequest) -> list[dict[str, Any]]:
    """Every polled mailbox with its progress and last error."""
    return [mailbox_actions.render_mailbox(mailbox) for mailbox in mailbox_actions.list_mailboxes(actor_of(request))]


@router.post(PREFIX, response=responses(MailboxOut, 201))
def create_mailbox(request: HttpRequest, payload: MailboxIn) -> Status[dict[str, Any]]:
    """Add a mailbox to poll."""
    mailbox = mailbox_actions.create_mailbox(actor=actor_of(request), values=payload.dict())
    return Status(201, mailbox_actions.render_mailbox(mailbox))


@router.get(f"{PREFIX}/{{mailbox_id}}", response=responses(MailboxOut))
def get_mailbox(request: HttpRequest, mailbox_id: int) -> dict[str, Any]:
    """One mailbox."""
    return mailbox_actions.render_mailbox(mailbox_actions.get_mailbox(actor_of(request), mailbox_id))


@router.patch(f"{PREFIX}/{{mailbox_id}}", response=responses(MailboxOut))
def update_mailbox(request: HttpRequest, mailbox_id: int, payload: MailboxPatch) -> dict[str, Any]:
    """Edit a mailbox (409 on a stale version); leave `password` out to keep it."""
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    values = {name: value for name, value in values.items() if value is not None}
    actor = actor_of(request)
    mailbox = mailbox_actions.update_mailbox(actor=actor, mailbox_id=mailbox_id, version=version, values=values)
    return mailbox_actions.render_mailbox(mailbox)


@router.delete(f"{PREFIX}/{{mailbox_id}}", response=responses(None, 204))
def delete_mailbox(request: HttpRequest, mailbox_id: int) -> Status[None]:
    """Delete a mailbox; its leads stay."""
    mailbox_actions.delete_mailbox(actor=actor_of(request), mailbox_id=mailbox_id)
    return Status(204, None)


@router.post(f"{PREFIX}/{{mailbox_id}}/poll", response=responses(PollOut))
def poll_mailbox(request: HttpRequest, mailbox_id: int) -> dict[str, Any]:
    """Read the mailbox's new messages now; 422 `lead.mailbox_poll_failed` names a refused or unreachable server."""
    return asdict(mailbox_actions.poll_now(actor=actor_of(request), mailbox_id=mailbox_id))
