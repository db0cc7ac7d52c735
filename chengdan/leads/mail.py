"""Mailbox polling over IMAP: each new message becomes a lead, or a follow-up on the contact who sent it.

Progress is `last_uid` under the folder's UIDVALIDITY, advanced in the same transaction as each
message's effect: a crash mid-batch neither loses a message nor handles one twice. A UIDVALIDITY
change re-reads the folder; submission keys (Message-ID) keep that from duplicating leads.
"""

import email
import email.header
import email.message
import email.utils
import hashlib
import html as html_module
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from chengdan.audit.models import AuditEntry
from chengdan.core.cleaning import CleaningError
from chengdan.core.errors import DomainError, localized
from chengdan.core.events import Event, publish
from chengdan.core.phones import normalise_email
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Contact
from chengdan.customers.permissions import CONTACTS
from chengdan.leads import capture
from chengdan.leads.choices import LeadSource
from chengdan.leads.models import Mailbox

logger = logging.getLogger("chengdan.leads.mail")
TIMEOUT = 30
LOCK_SECONDS = 600
NOTES_BODY_LIMIT = 2000
SNIPPET_LIMIT = 200
KEY_LIMIT = 200


@dataclass
class PollResult:
    """The counts of one poll; `error` says why nothing (more) was read."""

    fetched: int = 0
    leads_created: int = 0
    leads_existing: int = 0
    follow_ups: int = 0
    skipped: int = 0
    error: str = ""


class MailboxUnavailableError(Exception):
    """The server refused or could not be reached; the message is for the admin."""


# Parsing: RFC 2047 headers and the charsets Chinese mail arrives in (GB2312 labels often carry GBK text).

CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030"}
COMPANY_LINE = re.compile(
    r"^\s*(?:公司名称|公司|单位名称|单位|company name|company)\s*[:：]\s*(\S.{0,198})$", re.IGNORECASE | re.MULTILINE
)
COMPANY_SUFFIX = re.compile(r"^\s*(\S.{1,58}(?:有限责任公司|股份有限公司|有限公司|集团))\s*$", re.M)
TAG = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.S | re.I)


@dataclass(frozen=True)
class ParsedMessage:
    """The parts of an e-mail that capture uses, decoded to text."""

    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    body: str
    sent_at: datetime | None
    is_automatic: bool


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text from bytes in the declared charset, then UTF-8, then GB18030 (never raises)."""
    candidates = [CHARSET_ALIASES.get((charset or "").lower(), charset or ""), "utf-8", "gb18030"]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("gb18030", errors="replace")


def decode_header_text(value: object) -> str:
    """A header as text: encoded words decoded, raw 8-bit bytes guessed, whitespace folded."""
    if value is None:
        return ""
    text = str(value)
    if any("\udc80" <= char <= "\udcff" for char in text):
        # Undeclared 8-bit bytes (common from Chinese mailers) arrive surrogate-escaped.
        text = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
    parts = []
    for chunk, charset in email.header.decode_header(text):
        parts.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return " ".join("".join(parts).split())


def _body_of(message: email.message.Message) -> str:
    plain = html = ""
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        text = decode_bytes(payload, part.get_content_charset())
        if part.get_content_type() == "text/plain" and not plain:
            plain = text
        elif part.get_content_type() == "text/html" and not html:
            html = text
    if not plain and html:
        plain = html_module.unescape(TAG.sub(" ", html))
    lines = [line.rstrip() for line in plain.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def parse_message(raw: bytes) -> ParsedMessage:
    """Decode one RFC 822 message."""
    message = email.message_from_bytes(raw)
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    sent_at = None
    try:
        sent_at = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        sent_at = None
    if sent_at is not None and timezone.is_naive(sent_at):
        sent_at = timezone.make_aware(sent_at, timezone.get_default_timezone())
    automatic = str(message.get("Auto-Submitted", "no")).strip().lower() not in ("", "no")
    return ParsedMessage(
        message_id=decode_header_text(message.get("Message-ID")).strip("<> ")[:180],
        sender_name=decode_header_text(name).strip("\"' "),
        sender_email=address.strip(),
        subject=decode_header_text(message.get("Subject")),
        body=_body_of(message),
        sent_at=sent_at,
        is_automatic=automatic,
    )


def guess_company(body: str) -> str:
    """A company name from a "公司：…"/"Company: …" line, or a signature line ending in 有限公司."""
    match = COMPANY_LINE.search(body) or COMPANY_SUFFIX.search(body)
    return match[1].strip()[:200] if match else ""


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    try:
        if mailbox.use_ssl:
            return imaplib.IMAP4_SSL(
                mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT
            )
        return imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT)
    except ssl.SSLError as error:
        raise MailboxUnavailableError(localized(f"SSL 连接失败：{error}", f"SSL connection failed: {error}")) from None
    except (OSError, imaplib.IMAP4.error) as error:
        where = f"{mailbox.host}:{mailbox.port}"
        raise MailboxUnavailableError(
            localized(f"无法连接邮件服务器 {where}：{error}", f"Cannot reach the mail server {where}: {error}")
        ) from None


def _login_and_select(client: imaplib.IMAP4, mailbox: Mailbox) -> int:
    """Sign in, open the folder read-only (the mailbox's flags stay as they are) and return its UIDVALIDITY."""
    try:
        client.login(mailbox.username, mailbox.password)
    except imaplib.IMAP4.error as error:
        detail = error.args[0].decode(errors="replace") if error.args and isinstance(error.args[0], bytes) else error
        message = localized(
            f"邮箱登录失败（用户名或密码错误？）：{detail}", f"Mailbox sign-in failed (wrong password?): {detail}"
        )
        raise MailboxUnavailableError(message) from None
    status, _ = client.select(_quoted(mailbox.folder), readonly=True)
    if status != "OK":
        raise MailboxUnavailableError(
            localized(f"邮件文件夹不存在：{mailbox.folder}", f"The mail folder does not exist: {mailbox.folder}")
        )
    _, values = client.response("UIDVALIDITY")
    if not values or not values[0]:
        raise MailboxUnavailableError(localized("服务器未返回 UIDVALIDITY。", "The server sent no UIDVALIDITY."))
    return int(values[0])


def _new_uids(client: imaplib.IMAP4, last_uid: int) -> list[int]:
    status, data = client.uid("SEARCH", "UID", f"{last_uid + 1}:*")
    if status != "OK":
        raise MailboxUnavailableError(localized("邮件搜索失败。", "The mail search failed."))
    # "N:*" also matches the highest UID when it is below N: keep only the really new ones.
    return sorted(uid for uid in (int(part) for part in (data[0] or b"").split()) if uid > last_uid)


def _fetch(client: imaplib.IMAP4, uid: int) -> bytes | None:
    status, data = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if status != "OK":
        raise MailboxUnavailableError(localized(f"读取邮件 {uid} 失败。", f"Reading message {uid} failed."))
    for part in data:
        if isinstance(part, tuple) and len(part) > 1 and isinstance(part[1], bytes):
            return part[1]
    return None  # expunged meanwhile


def _submission_key(mailbox: Mailbox, message_id: str, uid_validity: int, uid: int) -> str:
    key = f"mail:{mailbox.pk}:{message_id or f'uid:{uid_validity}:{uid}'}"
    if len(key) > KEY_LIMIT:
        key = f"mail:{mailbox.pk}:sha256:{hashlib.sha256(message_id.encode()).hexdigest()}"
    return key


def _record_follow_up(contact: Contact, message: ParsedMessage, key: str, now: datetime) -> bool:
    """Audit the e-mail on the contact and move its customer's follow-up clock; once per message."""
    if AuditEntry.objects.filter(
        action="contact.email_received", object_type=CONTACTS.resource, object_id=str(contact.pk), data__key=key
    ).exists():
        return False
    snippet = message.body[:SNIPPET_LIMIT]
    data = {"subject": message.subject, "snippet": snippet, "from": message.sender_email, "key": key}
    publish(Event("contact.email_received", CONTACTS.resource, str(contact.pk), contact.name[:255], None, data=data))
    # A message dated in the future must not postpone take-back.
    at = min(message.sent_at, now) if message.sent_at else now
    customer_actions.touch_follow_up([contact.customer_id], at)
    return True


def _handle(mailbox: Mailbox, raw: bytes, uid_validity: int, uid: int, now: datetime, result: PollResult) -> None:
    message = parse_message(raw)
    try:
        sender = normalise_email(message.sender_email)
    except CleaningError:
        result.skipped += 1
        return
    if message.is_automatic:
        result.skipped += 1
        return
    key = _submission_key(mailbox, message.message_id, uid_validity, uid)
    contact = Contact.objects.filter(email=sender).order_by("pk").first()
    if contact is not None:
        if _record_follow_up(contact, message, key, now):
            result.follow_ups += 1
        else:
            result.skipped += 1
        return
    values: dict[str, Any] = {
        "name": (message.sender_name or sender.split("@")[0])[:60],
        "email": sender,
        "notes": "\n\n".join(part for part in (message.subject, message.body[:NOTES_BODY_LIMIT]) if part),
    }
    if company := guess_company(message.body):
        values["company_name"] = company
    if mailbox.campaign:
        values["campaign"] = mailbox.campaign
    captured = capture.capture_lead(
        source=LeadSource.EMAIL, values=values, submission_key=key, actor=None, mailbox=mailbox, now=now
    )
    if captured.created:
        result.leads_created += 1
    else:
        result.leads_existing += 1


def _process(mailbox: Mailbox, client: imaplib.IMAP4, now: datetime, result: PollResult) -> None:
    uid_validity = _login_and_select(client, mailbox)
    last_uid = mailbox.last_uid
    if mailbox.uid_validity != uid_validity:
        # The server renumbered the folder: old UIDs mean nothing; re-read it (submission keys dedupe).
        Mailbox.objects.filter(pk=mailbox.pk).update(uid_validity=uid_validity, last_uid=0)
        last_uid = 0
    for uid in _new_uids(client, last_uid):
        raw = _fetch(client, uid)
        result.fetched += 1
        try:
            with transaction.atomic():
                if raw is None:
                    result.skipped += 1
                else:
                    _handle(mailbox, raw, uid_validity, uid, now, result)
                Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=uid)
        except DomainError as error:
            # Capture refused the message (e.g. nothing usable in it): skip it rather than block the folder.
            logger.warning("mailbox %s: message uid %s refused: %s", mailbox.pk, uid, error)
            result.skipped += 1
            Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=uid)


def poll_mailbox(mailbox_id: int, *, now: datetime | None = None) -> PollResult:
    """Read the mailbox's new messages once; failures land in `last_error` and the result, never raise."""
    now = now or timezone.now()
    mailbox = Mailbox.objects.get(pk=mailbox_id)
    result = PollResult()
    lock = f"leads:mailbox-poll:{mailbox.pk}"
    if not cache.add(lock, 1, LOCK_SECONDS):
        result.error = localized("该邮箱正在拉取中，请稍后再试。", "This mailbox is being polled; try again shortly.")
        return result
    try:
        client = _connect(mailbox)
        try:
            _process(mailbox, client, now, result)
        finally:
            try:
                client.logout()
            except (OSError, imaplib.IMAP4.error):
                logger.info("mailbox %s: logout failed", mailbox.pk)
    except MailboxUnavailableError as error:
        result.error = str(error)
    except (OSError, imaplib.IMAP4.error) as error:
        result.error = localized(f"邮件服务器连接中断：{error}", f"The mail server connection broke: {error}")
    except Exception:
        # Unexpected (a bug, the database): recorded for the admin; the unhandled message is read again next time.
        logger.exception("mailbox %s: poll failed", mailbox.pk)
        result.error = localized("拉取邮件时出现内部错误。", "An internal error stopped the poll.")
    finally:
        cache.delete(lock)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=now, last_error=result.error[:500])
    return result


def poll_active_mailboxes(now: datetime | None = None) -> int:
    """Poll every active mailbox once; returns the number of new leads."""
    created = 0
    for mailbox_id in Mailbox.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True):
        created += poll_mailbox(mailbox_id, now=now).leads_created
    return created
