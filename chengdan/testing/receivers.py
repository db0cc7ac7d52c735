"""Local HTTP receivers that check requests the way each vendor documents it, for tests on loopback.

Each vendor's signature is re-computed here from its documentation, independently of the adapters in
chengdan.notifications.channels (nothing is imported from them). Bad or expired signatures get the
vendor's own error body; accepted messages are recorded. Where the vendor API carries an idempotency
key (Aliyun OutId, Tencent SessionContext) a repeated key is answered as a success and not recorded
again, as a receiver honouring the key does. `hold()` keeps the next accepted request waiting (after it
was read and checked, before it is recorded and answered), so a test can kill the sender mid-send.
"""

import base64
import contextlib
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DINGTALK = "dingtalk"
FEISHU = "feishu"
WECOM = "wecom"
ALIYUN = "aliyun"
TENCENT = "tencent"


@dataclass
class Credentials:
    """What the receiver expects: a robot's token and secret, a WeCom key, or an SMS access key pair."""

    token: str = "robot-token"
    secret: str = ""
    access_key_id: str = "LTAI-test-key"
    access_key_secret: str = ""


@dataclass
class Received:
    """One request as received: path, query, headers and the decoded body."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class Receiver:
    """A vendor endpoint on 127.0.0.1; `accepted` are the messages it took, `attempts` every request."""

    vendor: str
    credentials: Credentials
    host: str = "127.0.0.1"
    port: int = 0
    accepted: list[Received] = field(default_factory=list)
    attempts: list[Received] = field(default_factory=list)
    rejected: list[tuple[Received, Any]] = field(default_factory=list)
    seen_keys: set[str] = field(default_factory=set)
    seen_nonces: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    holding: bool = False

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def webhook_url(self) -> str:
        """The URL a robot endpoint is configured with."""
        token = self.credentials.token
        if self.vendor == DINGTALK:
            return f"{self.base_url}/robot/send?access_token={token}"
        if self.vendor == FEISHU:
            return f"{self.base_url}/open-apis/bot/v2/hook/{token}"
        if self.vendor == WECOM:
            return f"{self.base_url}/cgi-bin/webhook/send?key={token}"
        return f"{self.base_url}/"

    def hold(self) -> None:
        """Keep the next accepted request waiting until `release` is set."""
        self.arrived.clear()
        self.release.clear()
        self.holding = True


# ---- DingTalk custom robot -------------------------------------------------------------------------------


def _dingtalk(receiver: Receiver, request: Received) -> tuple[int, Any, str]:
    if request.query.get("access_token") != receiver.credentials.token:
        return 200, {"errcode": 300001, "errmsg": "token is not exist"}, ""
    secret = receiver.credentials.secret
    if secret:
        timestamp = request.query.get("timestamp", "")
        if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600 * 1000:
            return 200, {"errcode": 310000, "errmsg": "invalid timestamp"}, ""
        string_to_sign = (timestamp + "\n" + secret).encode("utf-8")
        expected = base64.b64encode(hmac.new(secret.encode("utf-8"), string_to_sign, "sha256").digest()).decode()
        if not hmac.compare_digest(expected, request.query.get("sign", "")):
            return 200, {"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com]"}, ""
    body = request.body
    if not isinstance(body, dict) or body.get("msgtype") not in {"text", "markdown"}:
        return 200, {"errcode": 40035, "errmsg": "缺少参数 json"}, ""
    return 200, {"errcode": 0, "errmsg": "ok"}, ""


# ---- Feishu custom bot -----------------------------------------------------------------------------------


def _feishu(receiver: Receiver, request: Received) -> tuple[int, Any, str]:
    if not request.path.endswith("/" + receiver.credentials.token):
        return 200, {"code": 19001, "data": {}, "msg": "param invalid: incoming webhook access token invalid"}, ""
    body = request.body if isinstance(request.body, dict) else {}
    secret = receiver.credentials.secret
    if secret:
        timestamp = str(body.get("timestamp", ""))
        key = f"{timestamp}\n{secret}".encode()
        expected = base64.b64encode(hmac.new(key, b"", "sha256").digest()).decode()
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= 3600
        if not fresh or not hmac.compare_digest(expected, str(body.get("sign", ""))):
            return (
                200,
                {
                    "code": 19021,
                    "data": {},
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                },
                "",
            )
    if body.get("msg_type") != "text" or not isinstance(body.get("content"), dict):
        return 200, {"code": 9499, "data": {}, "msg": "Bad Request"}, ""
    return 200, {"code": 0, "data": {}, "msg": "success"}, ""


# ---- WeCom group robot -----------------------------------------------------------------------------------


def _wecom(receiver: Receiver, request: Received) -> tuple[int, Any, str]:
    if request.query.get("key") != receiver.credentials.token:
        return (
            200,
            {
                "errcode": 93000,
                "errmsg": "invalid webhook url, hint: [x], more info at https://open.work.weixin.qq.com",
            },
            "",
        )
    body = request.body if isinstance(request.body, dict) else {}
    if body.get("msgtype") != "text" or "content" not in (body.get("text") or {}):
        return 200, {"errcode": 40008, "errmsg": "invalid message type"}, ""
    return 200, {"errcode": 0, "errmsg": "ok"}, ""


# ---- Aliyun dysmsapi SendSms (RPC signature v1) ----------------------------------------------------------

UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _rfc3986(text: str) -> str:
    return "".join(chr(byte) if byte in UNRESERVED else f"%{byte:02X}" for byte in text.encode("utf-8"))


def _aliyun_error(code: str, message: str, status: int = 400) -> tuple[int, Any, str]:
    return status, {"RequestId": str(uuid.uuid4()).upper(), "Code": code, "Message": message}, ""


def _aliyun(receiver: Receiver, request: Received) -> tuple[int, Any, str]:
    params = dict(request.body) if isinstance(request.body, dict) else {}
    signature = params.pop("Signature", "")
    if params.get("AccessKeyId") != receiver.credentials.access_key_id:
        return _aliyun_error("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)
    try:
        stamp = datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return _aliyun_error("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
    if abs(time.time() - stamp.timestamp()) > 15 * 60:
        return _aliyun_error("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
    query = "&".join(f"{_rfc3986(key)}={_rfc3986(params[key])}" for key in sorted(params))
    string_to_sign = "POST&" + _rfc3986("/") + "&" + _rfc3986(query)
    key = (receiver.credentials.access_key_secret + "&").encode("utf-8")
    expected = base64.b64encode(hmac.new(key, string_to_sign.encode("utf-8"), "sha1").digest()).decode()
    if not hmac.compare_digest(expected, signature):
        return _aliyun_error("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
    nonce = params.get("SignatureNonce", "")
    if nonce in receiver.seen_nonces:
        return _aliyun_error("SignatureNonceUsed", "Specified signature nonce was used already.")
    receiver.seen_nonces.add(nonce)
    for name in ("PhoneNumbers", "SignName", "TemplateCode"):
        if not params.get(name):
            return _aliyun_error("MissingParameter", f"{name} is mandatory for this action.")
    return (
        200,
        {"RequestId": str(uuid.uuid4()).upper(), "Code": "OK", "Message": "OK", "BizId": "900619746936498440^0"},
        params.get("OutId", ""),
    )


# ---- Tencent Cloud SendSms 2021-01-11 (TC3-HMAC-SHA256) --------------------------------------------------


def _tencent_error(code: str, message: str) -> tuple[int, Any, str]:
    return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": str(uuid.uuid4())}}, ""


def _tc3(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), "sha256").digest()


def _tencent(receiver: Receiver, request: Received, raw: bytes) -> tuple[int, Any, str]:
    headers = request.headers
    authorization = headers.get("authorization", "")
    algorithm, _, rest = authorization.partition(" ")
    parts = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
    credential = parts.get("Credential", "").split("/")
    if algorithm != "TC3-HMAC-SHA256" or len(credential) != 4:
        return _tencent_error("AuthFailure.InvalidAuthorization", "Authorization is invalid.")
    secret_id, date, service, terminator = credential
    if secret_id != receiver.credentials.access_key_id:
        return _tencent_error("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
    timestamp = headers.get("x-tc-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return _tencent_error("AuthFailure.SignatureExpire", "Signature expired.")
    if headers.get("x-tc-action") != "SendSms" or headers.get("x-tc-version") != "2021-01-11":
        return _tencent_error("InvalidAction", "The action or version is invalid.")
    if date != datetime.fromtimestamp(int(timestamp), tz=UTC).strftime("%Y-%m-%d"):
        return _tencent_error("AuthFailure.SignatureFailure", "The credential date does not match the timestamp.")
    signed = parts.get("SignedHeaders", "")
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip().lower()}\n" for name in signed.split(";"))
    canonical_request = "\n".join(["POST", "/", "", canonical_headers, signed, hashlib.sha256(raw).hexdigest()])
    scope = f"{date}/{service}/{terminator}"
    string_to_sign = "\n".join(
        ["TC3-HMAC-SHA256", timestamp, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()]
    )
    key = _tc3(_tc3(_tc3(("TC3" + receiver.credentials.access_key_secret).encode("utf-8"), date), service), terminator)
    expected = hmac.new(key, string_to_sign.encode("utf-8"), "sha256").hexdigest()
    if "content-type" not in signed.split(";") or not hmac.compare_digest(expected, parts.get("Signature", "")):
        return _tencent_error(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        )
    body = request.body if isinstance(request.body, dict) else {}
    numbers = body.get("PhoneNumberSet") or []
    if not numbers or not body.get("SmsSdkAppId") or not body.get("TemplateId"):
        return _tencent_error("MissingParameter", "The request is missing a required parameter.")
    context = str(body.get("SessionContext", ""))
    statuses = [
        {
            "SerialNo": f"5000:{uuid.uuid4().hex[:16]}",
            "PhoneNumber": number,
            "Fee": 1,
            "SessionContext": context,
            "Code": "Ok",
            "Message": "send success",
            "IsoCode": "CN",
        }
        for number in numbers
    ]
    return 200, {"Response": {"SendStatusSet": statuses, "RequestId": str(uuid.uuid4())}}, context


# ---- the server ------------------------------------------------------------------------------------------


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
            headers = {name.lower(): value for name, value in self.headers.items()}
            if receiver.vendor == ALIYUN:
                body: Any = dict(urllib.parse.parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
            else:
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError:
                    body = None
            request = Received(url.path, query, headers, body)
            with receiver.lock:
                receiver.attempts.append(request)
            if receiver.vendor == TENCENT:
                status, answer, key = _tencent(receiver, request, raw)
            else:
                check = {DINGTALK: _dingtalk, FEISHU: _feishu, WECOM: _wecom, ALIYUN: _aliyun}[receiver.vendor]
                status, answer, key = check(receiver, request)
            ok = _is_success(receiver.vendor, answer)
            if ok and receiver.holding:
                receiver.holding = False
                receiver.arrived.set()
                receiver.release.wait(timeout=60)
            with receiver.lock:
                if not ok:
                    receiver.rejected.append((request, answer))
                elif not key or key not in receiver.seen_keys:
                    if key:
                        receiver.seen_keys.add(key)
                    receiver.accepted.append(request)
            payload = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            with contextlib.suppress(OSError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

    return Handler


def _is_success(vendor: str, answer: Any) -> bool:
    if vendor in (DINGTALK, WECOM):
        return bool(answer.get("errcode") == 0)
    if vendor == FEISHU:
        return bool(answer.get("code") == 0)
    if vendor == ALIYUN:
        return bool(answer.get("Code") == "OK")
    return "Error" not in answer.get("Response", {})


@contextlib.contextmanager
def running_receiver(vendor: str, credentials: Credentials | None = None) -> Iterator[Receiver]:
    """Serve one vendor's endpoint on a free loopback port for the duration of the block."""
    receiver = Receiver(vendor=vendor, credentials=credentials or Credentials())
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(receiver))
    server.daemon_threads = True
    receiver.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
