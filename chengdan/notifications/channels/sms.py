"""SMS providers: Aliyun dysmsapi SendSms (RPC signature v1, HMAC-SHA1) and Tencent Cloud SendSms
(API 2021-01-11, TC3-HMAC-SHA256). Both carry the delivery's idempotency key: Aliyun as `OutId`,
Tencent as `SessionContext`; each attempt gets a fresh nonce/timestamp, the key stays the same.

The template takes one variable: Aliyun `{"content": "<title>"}`, Tencent `TemplateParamSet=["<title>"]`.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chengdan.notifications.channels import http
from chengdan.notifications.channels.base import ChannelError, OutboundMessage

Clock = Callable[[], float]
ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
TENCENT_ENDPOINT = "https://sms.tencentcloudapi.com/"
TEMPLATE_TEXT_LIMIT = 35  # Aliyun and Tencent both cap one template variable at 35 characters
ALIYUN_RETRYABLE = {"isv.BUSINESS_LIMIT_CONTROL", "Throttling", "ServiceUnavailable"}
TENCENT_RETRYABLE_PREFIXES = ("RequestLimitExceeded", "InternalError", "LimitExceeded")


def aliyun_percent_encode(value: str) -> str:
    """RFC 3986 encoding as the Aliyun RPC signature requires (space %20, * %2A, ~ kept)."""
    return urllib.parse.quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """Signature v1: base64(HMAC-SHA1(secret + "&", METHOD&%2F&encode(sorted canonical query)))."""
    canonical = "&".join(f"{aliyun_percent_encode(key)}={aliyun_percent_encode(params[key])}" for key in sorted(params))
    string_to_sign = f"{method}&{aliyun_percent_encode('/')}&{aliyun_percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSms:
    """dysmsapi 2017-05-25 SendSms as a signed form POST; success is {"Code": "OK"}."""

    def __init__(
        self,
        *,
        access_key_id: str,
        access_key_secret: str,
        sign_name: str,
        template_code: str,
        endpoint: str = "",
        region: str = "",
        clock: Clock = time.time,
    ) -> None:
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.sign_name = sign_name
        self.template_code = template_code
        self.endpoint = endpoint or ALIYUN_ENDPOINT
        self.region = region or "cn-hangzhou"
        self.clock = clock

    def request_params(self, message: OutboundMessage) -> dict[str, str]:
        """Every parameter of the call, signature included."""
        timestamp = datetime.fromtimestamp(self.clock(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": self.region,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "Timestamp": timestamp,
            "Version": "2017-05-25",
            "PhoneNumbers": message.mobile,
            "SignName": self.sign_name,
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps({"content": message.title[:TEMPLATE_TEXT_LIMIT]}, ensure_ascii=False),
            "OutId": message.idempotency_key,
        }
        params["Signature"] = aliyun_signature(params, self.access_key_secret, "POST")
        return params

    def send(self, message: OutboundMessage) -> str:
        if not message.mobile:
            raise ChannelError("recipient has no mobile number", permanent=True)
        body = urllib.parse.urlencode(self.request_params(message), quote_via=urllib.parse.quote).encode()
        answer = http.post(self.endpoint, body, {"Content-Type": "application/x-www-form-urlencoded"})
        if not isinstance(answer, dict):
            raise ChannelError(f"Aliyun: unexpected answer {answer!r}")
        code = str(answer.get("Code", ""))
        if code == "OK":
            return str(answer.get("BizId", ""))
        raise ChannelError(
            f"Aliyun {code}: {answer.get('Message', '')}", permanent=code not in ALIYUN_RETRYABLE, vendor_code=code
        )


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac_sha256(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def tencent_authorization(
    *, secret_id: str, secret_key: str, host: str, payload: bytes, timestamp: int, service: str = "sms"
) -> str:
    """The TC3-HMAC-SHA256 Authorization header of a JSON POST to `/` (content-type and host signed)."""
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:application/json; charset=utf-8\nhost:{host}\n",
            "content-type;host",
            _sha256_hex(payload),
        ]
    )
    date = datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{_sha256_hex(canonical_request.encode())}"
    secret_date = _hmac_sha256(f"TC3{secret_key}".encode(), date)
    secret_service = _hmac_sha256(secret_date, service)
    secret_signing = _hmac_sha256(secret_service, "tc3_request")
    signature = hmac.new(secret_signing, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


class TencentSms:
    """SendSms 2021-01-11 with a TC3-HMAC-SHA256 Authorization header; the per-number status must be "Ok"."""

    def __init__(
        self,
        *,
        secret_id: str,
        secret_key: str,
        sdk_app_id: str,
        sign_name: str,
        template_id: str,
        endpoint: str = "",
        region: str = "",
        clock: Clock = time.time,
    ) -> None:
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.sdk_app_id = sdk_app_id
        self.sign_name = sign_name
        self.template_id = template_id
        self.endpoint = endpoint or TENCENT_ENDPOINT
        self.region = region or "ap-guangzhou"
        self.clock = clock

    def send(self, message: OutboundMessage) -> str:
        if not message.mobile:
            raise ChannelError("recipient has no mobile number", permanent=True)
        mobile = message.mobile if message.mobile.startswith("+") else f"+86{message.mobile}"
        payload: dict[str, Any] = {
            "PhoneNumberSet": [mobile],
            "SmsSdkAppId": self.sdk_app_id,
            "SignName": self.sign_name,
            "TemplateId": self.template_id,
            "TemplateParamSet": [message.title[:TEMPLATE_TEXT_LIMIT]],
            "SessionContext": message.idempotency_key,
        }
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        host = urllib.parse.urlsplit(self.endpoint).netloc
        timestamp = int(self.clock())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Version": "2021-01-11",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": self.region,
            "Authorization": tencent_authorization(
                secret_id=self.secret_id, secret_key=self.secret_key, host=host, payload=body, timestamp=timestamp
            ),
        }
        answer = http.post(self.endpoint, body, headers)
        response = answer.get("Response") if isinstance(answer, dict) else None
        if not isinstance(response, dict):
            raise ChannelError(f"Tencent: unexpected answer {answer!r}")
        error = response.get("Error")
        if error:
            code = str(error.get("Code", ""))
            raise ChannelError(
                f"Tencent {code}: {error.get('Message', '')}",
                permanent=not code.startswith(TENCENT_RETRYABLE_PREFIXES),
                vendor_code=code,
            )
        statuses = response.get("SendStatusSet") or [{}]
        status = statuses[0]
        code = str(status.get("Code", ""))
        if code == "Ok":
            return str(status.get("SerialNo", ""))
        raise ChannelError(
            f"Tencent {code}: {status.get('Message', '')}",
            permanent=not code.startswith(TENCENT_RETRYABLE_PREFIXES),
            vendor_code=code,
        )
