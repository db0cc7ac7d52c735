"""A small JSON/form HTTP client over urllib with timeouts; vendor adapters read the answers."""

import json
import urllib.error
import urllib.request
from typing import Any

from chengdan.notifications.channels.base import ChannelError

TIMEOUT_SECONDS = 10.0


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float = TIMEOUT_SECONDS) -> Any:
    """POST and decode the JSON answer; network trouble and 5xx/429 answers are transient ChannelErrors."""
    if not url.startswith(("https://", "http://")):
        raise ChannelError(f"not an http(s) URL: {url[:100]}", permanent=True)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured vendor URLs)
            raw = response.read()
    except urllib.error.HTTPError as error:
        raw = error.read()
        if error.code >= 500 or error.code == 429:
            raise ChannelError(f"HTTP {error.code}: {raw[:300]!r}") from error
        # Vendors answer 4xx with their own error body; the adapter reads it.
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ChannelError(f"connection failed: {error}") from error
    try:
        return json.loads(raw.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError) as error:
        raise ChannelError(f"unreadable answer: {raw[:300]!r}") from error


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """POST a JSON body."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return post(url, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})
