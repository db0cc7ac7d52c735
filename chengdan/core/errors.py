"""Stable error codes, their messages in both UI languages, and the domain exception."""

from enum import StrEnum
from typing import Any, Self

from django.utils.translation import get_language


class ErrorCode(StrEnum):
    """Codes every client may rely on; the SPA translates them itself."""

    NOT_AUTHENTICATED = "auth.not_authenticated"
    INVALID_CREDENTIALS = "auth.invalid_credentials"
    ACCOUNT_LOCKED = "auth.locked"
    PASSWORD_INCORRECT = "auth.password_incorrect"
    PASSWORD_INVALID = "auth.password_invalid"
    TOKEN_INVALID = "auth.token_invalid"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    VALIDATION_ERROR = "validation_error"
    MALFORMED_REQUEST = "malformed_request"
    STALE_VERSION = "conflict.stale_version"
    IDEMPOTENCY_KEY_REUSED = "idempotency.key_reused"
    RATE_LIMITED = "rate_limited"
    ORG_CYCLE = "org.cycle"
    ORG_DEPARTMENT_NOT_EMPTY = "org.department_not_empty"
    ORG_USERNAME_TAKEN = "org.username_taken"
    ORG_ROLE_CODE_TAKEN = "org.role_code_taken"
    TARGET_OUT_OF_SCOPE = "permission.target_out_of_scope"
    FIELD_NOT_ALLOWED = "permission.field_not_allowed"
    SERVER_ERROR = "server_error"


MESSAGES: dict[str, tuple[str, str]] = {
    ErrorCode.NOT_AUTHENTICATED: ("请先登录。", "Please sign in."),
    ErrorCode.INVALID_CREDENTIALS: ("用户名或密码错误。", "Wrong username or password."),
    ErrorCode.ACCOUNT_LOCKED: ("登录失败次数过多，请稍后再试。", "Too many failed sign-ins; try again later."),
    ErrorCode.PASSWORD_INCORRECT: ("原密码不正确。", "The current password is wrong."),
    ErrorCode.PASSWORD_INVALID: ("新密码不符合要求。", "The new password does not meet the rules."),
    ErrorCode.TOKEN_INVALID: ("API 令牌无效、已过期或已吊销。", "The API token is invalid, expired or revoked."),
    ErrorCode.PERMISSION_DENIED: ("没有权限执行此操作。", "You are not allowed to do this."),
    ErrorCode.NOT_FOUND: ("记录不存在。", "Not found."),
    ErrorCode.VALIDATION_ERROR: (
        "提交的数据有误，请检查标出的字段。",
        "Some fields are invalid; see the marked fields.",
    ),
    ErrorCode.MALFORMED_REQUEST: ("请求格式错误。", "The request is malformed."),
    ErrorCode.STALE_VERSION: (
        "该记录已被他人修改，请刷新后再试。",
        "Someone else changed this record; reload and try again.",
    ),
    ErrorCode.IDEMPOTENCY_KEY_REUSED: (
        "同一个 Idempotency-Key 不能用于不同的请求内容。",
        "This Idempotency-Key was already used with a different request body.",
    ),
    ErrorCode.RATE_LIMITED: ("请求过于频繁，请稍后再试。", "Too many requests; try again later."),
    ErrorCode.ORG_CYCLE: ("不能把部门移动到它自己或它的下级部门之下。", "A department cannot move under itself."),
    ErrorCode.ORG_DEPARTMENT_NOT_EMPTY: (
        "部门下还有在职用户或启用的下级部门。",
        "The department still has active users or sub-departments.",
    ),
    ErrorCode.ORG_USERNAME_TAKEN: ("用户名已存在。", "This username is taken."),
    ErrorCode.ORG_ROLE_CODE_TAKEN: ("角色编码已存在。", "This role code is taken."),
    ErrorCode.TARGET_OUT_OF_SCOPE: (
        "目标用户或部门不在您的数据权限范围内。",
        "The target user or department is outside your data scope.",
    ),
    ErrorCode.FIELD_NOT_ALLOWED: (
        "不能按您无权查看的字段筛选或排序。",
        "You cannot filter or sort on a field you cannot see.",
    ),
    ErrorCode.SERVER_ERROR: ("服务器内部错误。", "Internal server error."),
}


def is_english() -> bool:
    """True when the active request language is English."""
    return (get_language() or "zh-hans").lower().startswith("en")


def localized(zh: str, en: str) -> str:
    """Pick the text for the active request language."""
    return en if is_english() else zh


def message_for(code: str) -> str:
    """The message for a code in the active language."""
    zh, en = MESSAGES.get(code, MESSAGES[ErrorCode.SERVER_ERROR])
    return localized(zh, en)


class DomainError(Exception):
    """A refusal with a stable code; the API maps it to `{code, message, fields}`."""

    status = 422

    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        fields: dict[str, str] | None = None,
        status: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.code = str(code)
        self.message = message or message_for(self.code)
        self.fields = fields or {}
        self.extra = extra or {}
        if status is not None:
            self.status = status
        super().__init__(f"{self.code}: {self.message}")

    @classmethod
    def invalid(cls, field: str, zh: str, en: str) -> "DomainError":
        """A plain 422 naming one field."""
        return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})

    @classmethod
    def plain(cls, code: str, zh: str, en: str, status: int = 422, **extra: Any) -> Self:
        """A refusal with a code and its two messages."""
        return cls(code, localized(zh, en), status=status, extra=extra or None)


class NotFoundError(DomainError):
    """The record does not exist or is outside the actor's scope (indistinguishable on purpose)."""

    status = 404

    def __init__(self) -> None:
        super().__init__(ErrorCode.NOT_FOUND)


class PermissionDeniedError(DomainError):
    """The actor lacks the action right."""

    status = 403

    def __init__(self, code: str = ErrorCode.PERMISSION_DENIED, *, denial: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.denial = denial or {}


class StaleVersionError(DomainError):
    """The update was based on an older version; `record` is the current one."""

    status = 409

    def __init__(self, record: object) -> None:
        self.record = record
        super().__init__(ErrorCode.STALE_VERSION)


def validation_error(fields: dict[str, str]) -> DomainError:
    """A 422 naming the fields at fault, each with its message."""
    return DomainError(ErrorCode.VALIDATION_ERROR, fields=fields)
