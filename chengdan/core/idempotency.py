"""Idempotency-Key for side-effecting POSTs: a replay gets the stored answer, a reuse gets 422."""

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from chengdan.core.errors import ErrorCode, message_for
from chengdan.core.models import IdempotencyRecord

PENDING = 0


def _owner_key(request: HttpRequest) -> str:
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        return "t:" + hashlib.sha256(authorization.encode()).hexdigest()[:40]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    return "ip:" + str(request.META.get("REMOTE_ADDR", ""))[:40]


def _digest(request: HttpRequest) -> str:
    """What makes two keyed requests "the same": the body, or for file uploads its length.

    Uploads are not read into memory here (they may be tens of megabytes and stream to disk);
    with random keys per action, equal length under the same key is the same upload.
    """
    head = str(request.method).encode() + request.path.encode() + b"\n"
    if (request.content_type or "").startswith("multipart/"):
        return hashlib.sha256(head + str(request.META.get("CONTENT_LENGTH", "")).encode()).hexdigest()
    return hashlib.sha256(head + request.body).hexdigest()


def _error(code: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message_for(code), "fields": {}}, status=status)


class IdempotencyMiddleware:
    """Store the answer of each keyed POST under /api/ and replay it for the same key and body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get("Idempotency-Key", "").strip()
        if request.method != "POST" or not key or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > 128:
            return JsonResponse(
                {
                    "code": ErrorCode.VALIDATION_ERROR,
                    "message": message_for(ErrorCode.VALIDATION_ERROR),
                    "fields": {"Idempotency-Key": "≤ 128"},
                },
                status=422,
            )
        owner = _owner_key(request)
        try:
            digest = _digest(request)
        except RequestDataTooBig:
            return _error(ErrorCode.MALFORMED_REQUEST, 413)
        stored = IdempotencyRecord.objects.filter(owner_key=owner, key=key).first()
        if stored is not None:
            return self._replay(stored, digest)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    owner_key=owner,
                    key=key,
                    method="POST",
                    path=request.path[:512],
                    request_hash=digest,
                    status_code=PENDING,
                    response_body=b"",
                )
        except IntegrityError:
            stored = IdempotencyRecord.objects.filter(owner_key=owner, key=key).first()
            return self._replay(stored, digest) if stored else _error(ErrorCode.RATE_LIMITED, 409)
        response = self.get_response(request)
        if response.status_code >= 500 or getattr(response, "streaming", False):
            record.delete()
            return response
        record.status_code = response.status_code
        record.response_body = response.content
        record.save(update_fields=["status_code", "response_body"])
        return response

    def _replay(self, stored: IdempotencyRecord, digest: str) -> HttpResponse:
        if stored.request_hash != digest:
            return _error(ErrorCode.IDEMPOTENCY_KEY_REUSED, 422)
        if stored.status_code == PENDING:
            # The first request is still running; the client should retry the same key shortly.
            return _error(ErrorCode.RATE_LIMITED, 409)
        response = HttpResponse(bytes(stored.response_body), status=stored.status_code, content_type="application/json")
        response["Idempotent-Replayed"] = "true"
        return response


def stored_json(record: IdempotencyRecord) -> object:
    """The stored body as JSON (for tests and support)."""
    return json.loads(bytes(record.response_body) or b"null")
