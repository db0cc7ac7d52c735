"""Group robots: DingTalk custom robot, Feishu custom bot and WeCom group robot, each signed as documented.

None of the three webhook APIs carries an idempotency key: a worker that dies after the vendor accepted a
message but before it recorded the success sends it once more on retry (the outbox never lets two
workers send one delivery at the same time). DingTalk and Feishu robots sign every request with the
robot's secret; a WeCom robot has no signature, the `key` in its webhook URL is the credential, so
that URL is stored and shown like a secret.
"""

import base64
import hashlib
import hmac
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from chengdan.notifications.channels import http
from chengdan.notifications.channels.base import ChannelError, OutboundMessage

Clock = Callable[[], float]

# Rate limits are worth a retry; other vendor errors (bad signature, bad key, bad body) are not.
DINGTALK_RETRYABLE = {130101}
FEISHU_RETRYABLE = {9499, 11232}
WECOM_RETRYABLE = {45009, 45033}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")), URL-encoded, as DingTalk documents."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """base64(HMAC-SHA256(key="{timestamp}\\n{secret}", msg=b"")), as Feishu documents."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _join(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


class DingTalkRobot:
    """POST {webhook}&timestamp=<ms>&sign=<sign>; text with @mobiles; success is {"errcode": 0}."""

    def __init__(self, webhook_url: str, secret: str, clock: Clock = time.time) -> None:
        self.webhook_url = webhook_url
        self.secret = secret
        self.clock = clock

    def send(self, message: OutboundMessage) -> str:
        url = self.webhook_url
        if self.secret:
            timestamp = int(self.clock() * 1000)
            url = _join(url, f"timestamp={timestamp}&sign={dingtalk_sign(self.secret, timestamp)}")
        mobiles = [message.mobile] if message.mobile else []
        # The robot shows an @mention only when the mobile also appears in the text.
        mention = f"\n@{message.mobile}" if message.mobile else ""
        payload = {
            "msgtype": "text",
            "text": {"content": message.text() + mention},
            "at": {"atMobiles": mobiles, "isAtAll": False},
        }
        answer = http.post_json(url, payload)
        return _check_errcode(answer, DINGTALK_RETRYABLE, "DingTalk")


class FeishuBot:
    """POST {webhook} with timestamp (seconds) and sign in the body; success is {"code": 0}.

    Feishu custom bots mention people only by open_id, which the CRM does not hold: no @mention.
    """

    def __init__(self, webhook_url: str, secret: str, clock: Clock = time.time) -> None:
        self.webhook_url = webhook_url
        self.secret = secret
        self.clock = clock

    def send(self, message: OutboundMessage) -> str:
        payload: dict[str, Any] = {"msg_type": "text", "content": {"text": message.text()}}
        if self.secret:
            timestamp = int(self.clock())
            payload = {"timestamp": str(timestamp), "sign": feishu_sign(self.secret, timestamp), **payload}
        answer = http.post_json(self.webhook_url, payload)
        if not isinstance(answer, dict):
            raise ChannelError(f"Feishu: unexpected answer {answer!r}")
        # Older bots answer {"StatusCode": 0, ...}; current ones {"code": 0, "msg": "success"}.
        code = answer.get("code", answer.get("StatusCode"))
        if code == 0:
            return ""
        text = answer.get("msg") or answer.get("StatusMessage") or ""
        raise ChannelError(f"Feishu {code}: {text}", permanent=code not in FEISHU_RETRYABLE, vendor_code=str(code))


class WeComRobot:
    """POST webhook/send?key=KEY, text with mentioned_mobile_list; the key is the only credential."""

    def __init__(self, webhook_url: str) -> None:
        self.webhook_url = webhook_url

    def send(self, message: OutboundMessage) -> str:
        payload = {
            "msgtype": "text",
            "text": {
                "content": message.text(),
                "mentioned_mobile_list": [message.mobile] if message.mobile else [],
            },
        }
        answer = http.post_json(self.webhook_url, payload)
        return _check_errcode(answer, WECOM_RETRYABLE, "WeCom")


def _check_errcode(answer: Any, retryable: set[int], vendor: str) -> str:
    if not isinstance(answer, dict):
        raise ChannelError(f"{vendor}: unexpected answer {answer!r}")
    code = answer.get("errcode")
    if code == 0:
        return ""
    raise ChannelError(
        f"{vendor} {code}: {answer.get('errmsg', '')}", permanent=code not in retryable, vendor_code=str(code)
    )
