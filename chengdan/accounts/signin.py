"""Signing in: password checks with lock-out and back-off, and personal API tokens."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from chengdan.accounts.models import ApiToken, LoginAttempt, User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish

MAX_LOCK_SECONDS = 24 * 3600
IP_WINDOW = timedelta(minutes=15)


def _username_lock_remaining(username: str, now: Any) -> int:
    last_success = (
        LoginAttempt.objects.filter(username=username, is_success=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = LoginAttempt.objects.filter(username=username, is_success=False, at__gt=now - timedelta(days=1))
    if last_success:
        failures = failures.filter(at__gt=last_success)
    count = failures.count()
    if count < settings.LOGIN_FAILURE_LIMIT:
        return 0
    # Each failure past the limit doubles the wait, so guessing slows down exponentially.
    lock = min(settings.LOGIN_LOCK_SECONDS * 2 ** (count - settings.LOGIN_FAILURE_LIMIT), MAX_LOCK_SECONDS)
    last_failure = failures.order_by("-at").values_list("at", flat=True).first()
    remaining = (last_failure + timedelta(seconds=lock) - now).total_seconds() if last_failure else 0
    return max(0, int(remaining) + 1)


def _ip_lock_remaining(ip: str, now: Any) -> int:
    if not ip:
        return 0
    recent = LoginAttempt.objects.filter(ip=ip, is_success=False, at__gt=now - IP_WINDOW)
    if recent.count() < settings.LOGIN_IP_FAILURE_LIMIT:
        return 0
    first = recent.order_by("at").values_list("at", flat=True).first()
    return max(1, int((first + IP_WINDOW - now).total_seconds()) + 1) if first else 0


def lock_remaining(username: str, ip: str) -> int:
    """Seconds until this username or address may try again (0 when not locked)."""
    now = timezone.now()
    return max(_username_lock_remaining(username, now), _ip_lock_remaining(ip, now))


def _record(username: str, ip: str, user_agent: str, user: User | None, success: bool, reason: str = "") -> None:
    LoginAttempt.objects.create(username=username[:150], ip=ip, user_agent=user_agent[:512], is_success=success)
    publish(
        Event(
            name="auth.login_succeeded" if success else "auth.login_failed",
            subject_type="users",
            subject_id=str(user.pk) if user else "",
            subject_repr=username[:150],
            actor_id=user.pk if user and success else None,
            data={"username": username[:150], "reason": reason} if reason else {"username": username[:150]},
        )
    )


def authenticate_user(*, username: str, password: str, ip: str, user_agent: str) -> User:
    """Check a password; refuse while locked; record every success and failure."""
    username = username.strip()
    remaining = lock_remaining(username, ip)
    if remaining:
        _record(username, ip, user_agent, None, False, "locked")
        raise DomainError(ErrorCode.ACCOUNT_LOCKED, status=429, extra={"retry_after": remaining})
    user = authenticate(username=username, password=password)
    if user is None:
        _record(username, ip, user_agent, None, False, "bad_credentials")
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, status=401)
    assert isinstance(user, User)
    _record(username, ip, user_agent, user, True)
    return user


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(*, actor: User, name: str, expires_in_days: int | None) -> tuple[ApiToken, str]:
    """Issue a personal token; the plaintext is returned once and never stored."""
    if not name.strip():
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"name": localized("请填写名称。", "Name is required.")})
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            fields={"expires_in_days": localized("有效期须在 1 到 3650 天之间。", "Expiry must be 1–3650 days.")},
        )
    raw = "cd_" + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name.strip()[:100], prefix=raw[:10], token_hash=_hash_token(raw), expires_at=expires_at
        )
        publish(
            Event(
                "auth.token_created", "api_tokens", str(token.pk), token.name, actor.pk, data={"prefix": token.prefix}
            )
        )
    return token, raw


def revoke_token(*, actor: User, token_id: int) -> None:
    """Revoke one of the actor's own tokens (404 for anyone else's)."""
    from chengdan.core.errors import NotFoundError

    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
        if token is None:
            raise NotFoundError()
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            publish(Event("auth.token_revoked", "api_tokens", str(token.pk), token.name, actor.pk))


def user_for_token(raw: str) -> User | None:
    """The active user behind a valid, unexpired, unrevoked token."""
    token = ApiToken.objects.select_related("user").filter(token_hash=_hash_token(raw)).first()
    now = timezone.now()
    if token is None or token.revoked_at or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
