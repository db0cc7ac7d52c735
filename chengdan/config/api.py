"""The API root: mounts every app's router and maps every failure to `{code, message, fields}`."""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from chengdan.access import engine
from chengdan.accounts.api import auth_router, org_router
from chengdan.accounts.security import API_AUTH
from chengdan.activities.api import router as activities_router
from chengdan.attachments.api import router as attachments_router
from chengdan.audit.api import router as audit_router
from chengdan.core.errors import DomainError, ErrorCode, PermissionDeniedError, StaleVersionError, message_for
from chengdan.core.records import render_for
from chengdan.core.validation import field_errors
from chengdan.customers.api import router as customers_router
from chengdan.leads.api import router as leads_router
from chengdan.notifications.api import router as notifications_router
from chengdan.opportunities.api import router as opportunities_router
from chengdan.reports.api import router as reports_router

logger = logging.getLogger("chengdan.api")

api = NinjaAPI(
    title="Chengdan 成单 API",
    version="1",
    description="Sales management for Chinese B2B companies. Errors: `{code, message, fields}`.",
    urls_namespace="api",
    docs_url="/docs",
    auth=API_AUTH,
)
api.add_router("/auth", auth_router)
api.add_router("/", org_router)
api.add_router("/audit", audit_router)
api.add_router("/attachments", attachments_router)
api.add_router("/", customers_router)
api.add_router("/notifications", notifications_router)
api.add_router("/", opportunities_router)
api.add_router("/", leads_router)
api.add_router("/", activities_router)
api.add_router("/", reports_router)


def error_response(request: HttpRequest, code: str, status: int, **extra: Any) -> HttpResponse:
    """The one error body of the API."""
    body: dict[str, Any] = {"code": code, "message": extra.pop("message", None) or message_for(code), "fields": {}}
    body.update(extra)
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    extra: dict[str, Any] = dict(error.extra)
    if isinstance(error, PermissionDeniedError) and error.denial:
        engine.record_denial(request.user, error.denial)
    if isinstance(error, StaleVersionError):
        extra["current"] = render_for(request.user, error.record)
    return error_response(request, error.code, error.status, message=error.message, fields=error.fields, **extra)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return error_response(request, ErrorCode.VALIDATION_ERROR, 422, fields=field_errors(error.errors))


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return error_response(request, ErrorCode.NOT_AUTHENTICATED, 401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if error.status_code == 400:
        return error_response(request, ErrorCode.MALFORMED_REQUEST, 400)
    if error.status_code == 401:
        return error_response(request, ErrorCode.NOT_AUTHENTICATED, 401)
    if error.status_code == 403:
        return error_response(request, "auth.csrf_failed", 403, message=message_for(ErrorCode.PERMISSION_DENIED))
    if error.status_code == 429:
        return error_response(request, ErrorCode.RATE_LIMITED, 429)
    return error_response(request, ErrorCode.MALFORMED_REQUEST, error.status_code, message=str(error))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(request, ErrorCode.NOT_FOUND, 404)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return error_response(request, ErrorCode.MALFORMED_REQUEST, 413)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("unhandled API error on %s %s", request.method, request.path)
    return error_response(request, ErrorCode.SERVER_ERROR, 500)
