"""Middleware that records the client's address and agent for the audit log."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chengdan.core.context import RequestContext, reset_request_context, set_request_context


def client_ip(request: HttpRequest) -> str:
    """The client address; trusts X-Forwarded-For only behind a proxy that sets it."""
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        # Each trusted proxy appends the address it saw; entries before those are the client's to forge.
        trusted = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
        if len(hops) >= trusted:
            return hops[-trusted][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class RequestContextMiddleware:
    """Bind the client address and user agent to the request's context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_request_context(
            RequestContext(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:512])
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)
