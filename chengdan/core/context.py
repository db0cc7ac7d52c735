"""Who is acting and from where, for the audit log, kept per request in a context variable."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    """The client behind the current request."""

    ip: str = ""
    user_agent: str = ""


_current: ContextVar[RequestContext] = ContextVar("chengdan_request_context", default=RequestContext())


def current_request_context() -> RequestContext:
    """Return the client of the request being served (empty outside a request)."""
    return _current.get()


def set_request_context(context: RequestContext) -> object:
    """Bind a client to the current request; returns a token for `reset_request_context`."""
    return _current.set(context)


def reset_request_context(token: object) -> None:
    """Forget the client bound by `set_request_context`."""
    _current.reset(token)  # type: ignore[arg-type]
