"""Web forms: admin CRUD, the public definition, and public submissions (rate limit, honeypot, CAPTCHA, capture)."""

import math
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, NotFoundError, localized, validation_error
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.leads import capture
from chengdan.leads.choices import LeadSource
from chengdan.leads.models import WebForm
from chengdan.leads.permissions import LEAD_SETTINGS

# The Lead attributes a form may ask for, with their default labels (zh, en) and input types.
FORM_FIELDS: dict[str, tuple[str, str, str]] = {
    "name": ("姓名", "Name", "text"),
    "mobile": ("手机", "Mobile", "tel"),
    "email": ("邮箱", "E-mail", "email"),
    "wechat": ("微信号", "WeChat ID", "text"),
    "title": ("职务", "Job title", "text"),
    "company_name": ("公司名称", "Company", "text"),
    "province_code": ("省份", "Province", "text"),
    "city_code": ("城市", "City", "text"),
    "industry": ("行业", "Industry", "text"),
    "budget": ("预算（元）", "Budget (CNY)", "text"),
    "product_interest": ("感兴趣的产品", "Product interest", "text"),
    "notes": ("留言", "Message", "textarea"),
}
CONTACT_FIELDS = ("mobile", "email", "wechat")
REGION_FIELDS = ("province_code", "city_code")
AUDITED = ["name", "slug", "fields", "title", "thank_you_text", "campaign", "is_captcha_required", "is_active"]
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
CAPTCHA_SALT = "chengdan.leads.form-captcha"
CAPTCHA_MAX_AGE = 600
RATE_WINDOW = 60
# The clock the rate limit reads (a module attribute, so tests can hold it still).
clock = time.time


def _audit(name: str, form: WebForm, actor: User, changes: dict[str, tuple[Any, Any]]) -> None:
    publish(Event(name, "web_forms", str(form.pk), form.name[:255], actor.pk, changes=changes))


def _invalid(fields: dict[str, tuple[str, str]]) -> DomainError:
    return validation_error({name: localized(*pair) for name, pair in fields.items()})


def clean_definition(values: dict[str, Any], *, current: WebForm | None = None) -> dict[str, Any]:
    """Validate a form definition: slug shape and uniqueness, known fields once each, one way to reach the person."""
    errors: dict[str, tuple[str, str]] = {}
    clean = dict(values)
    if "slug" in values:
        slug = str(values["slug"] or "").strip().lower()
        clean["slug"] = slug
        others = WebForm.objects.filter(slug=slug)
        taken = (others.exclude(pk=current.pk) if current else others).exists()
        if not SLUG_PATTERN.match(slug):
            errors["slug"] = (
                "只能包含小写字母、数字和连字符，2–40 个字符。",
                "Use 2–40 lowercase letters, digits or -.",
            )
        elif taken:
            errors["slug"] = ("该地址已被其他表单使用。", "Another form already uses this address.")
    if "name" in values and not str(values["name"] or "").strip():
        errors["name"] = ("此项为必填项。", "This field is required.")
    if "fields" in values:
        seen: set[str] = set()
        cleaned_fields: list[dict[str, Any]] = []
        for index, item in enumerate(values["fields"] or []):
            field = str(item.get("field") or "")
            if field not in FORM_FIELDS:
                errors[f"fields.{index}.field"] = (f"不支持的字段：{field}", f"Unknown field: {field}")
            elif field in seen:
                errors[f"fields.{index}.field"] = ("字段重复。", "This field appears twice.")
            seen.add(field)
            label = str(item.get("label") or "").strip() or FORM_FIELDS.get(field, ("",))[0]
            cleaned_fields.append({"field": field, "label": label, "required": bool(item.get("required"))})
        if not cleaned_fields:
            errors["fields"] = ("至少选择一个字段。", "Choose at least one field.")
        elif not seen & set(CONTACT_FIELDS):
            errors["fields"] = ("表单需包含手机、邮箱或微信中的至少一项。", "Include a mobile, e-mail or WeChat field.")
        clean["fields"] = cleaned_fields
    if errors:
        raise _invalid(errors)
    return clean


def list_forms(actor: User) -> QuerySet[WebForm]:
    """Every web form, newest first (lead settings view right)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    return WebForm.objects.order_by("-pk")


def get_form(actor: User, form_id: int) -> WebForm:
    """One web form (404 when missing)."""
    form: WebForm = engine.get_visible(actor, LEAD_SETTINGS.resource, form_id)
    return form


def create_form(*, actor: User, values: dict[str, Any]) -> WebForm:
    """Create a web form; the slug is its public address."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "create")
    clean = clean_definition(values)
    try:
        with transaction.atomic():
            form = WebForm.objects.create(**clean)
            _audit("web_form.created", form, actor, diff({}, snapshot(form, AUDITED)))
    except IntegrityError:
        raise _invalid({"slug": ("该地址已被其他表单使用。", "Another form already uses this address.")}) from None
    return form


def update_form(*, actor: User, form_id: int, version: int, values: dict[str, Any]) -> WebForm:
    """Edit a web form (409 on a stale version); submissions keep their link to it."""
    with transaction.atomic():
        form: WebForm = engine.get_visible(
            actor, LEAD_SETTINGS.resource, form_id, "edit", for_update=True, version=version
        )
        clean = clean_definition(values, current=form)
        before = snapshot(form, AUDITED)
        for name, value in clean.items():
            setattr(form, name, value)
        bump_version(form)
        form.save()
        _audit("web_form.updated", form, actor, diff(before, snapshot(form, AUDITED)))
    return form


def delete_form(*, actor: User, form_id: int) -> None:
    """Delete a web form; its leads stay and lose the link."""
    with transaction.atomic():
        form: WebForm = engine.get_visible(actor, LEAD_SETTINGS.resource, form_id, "delete", for_update=True)
        _audit("web_form.deleted", form, actor, diff(snapshot(form, AUDITED), {}))
        form.delete()


def get_public_form(slug: str) -> WebForm:
    """The active form behind a public address (404 for unknown or inactive ones)."""
    form = WebForm.objects.filter(slug=str(slug)[:40], is_active=True).first()
    if form is None:
        raise NotFoundError()
    return form


def form_fields(form: WebForm) -> list[dict[str, Any]]:
    """The stored field list in its full shape (rows written elsewhere may lack a label or flag)."""
    return [
        {
            "field": str(item.get("field", "")),
            "label": str(item.get("label") or FORM_FIELDS.get(str(item.get("field", "")), ("",))[0]),
            "required": bool(item.get("required")),
        }
        for item in form.fields
        if isinstance(item, dict)
    ]


def public_fields(form: WebForm) -> list[dict[str, Any]]:
    """The form's fields as the visitor sees them: label in the request language when left at the default."""
    result = []
    for item in form_fields(form):
        zh, en, input_type = FORM_FIELDS.get(item["field"], ("", "", "text"))
        label = localized(zh, en) if item["label"] == zh else item["label"]
        result.append({**item, "label": label, "type": input_type})
    return result


def thank_you_text(form: WebForm) -> str:
    """What the visitor reads after submitting."""
    return form.thank_you_text or localized(
        "感谢您的提交，我们会尽快与您联系。", "Thank you! We will be in touch soon."
    )


# CAPTCHA: the answer never travels in clear; the token holds an HMAC of it, signed and expiring.


def _answer_digest(slug: str, nonce: str, answer: int) -> str:
    return salted_hmac(CAPTCHA_SALT, f"{slug}:{nonce}:{answer}").hexdigest()[:32]


def new_captcha(slug: str) -> dict[str, str]:
    """An arithmetic question and the signed token that checks its answer (no server state)."""
    form = get_public_form(slug)
    left, right = secrets.randbelow(20) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    token = signing.dumps(
        {"s": form.slug, "n": nonce, "d": _answer_digest(form.slug, nonce, left + right)}, salt=CAPTCHA_SALT
    )
    return {"question": f"{left} + {right} = ?", "token": token}


def _captcha_error(form: WebForm, token: str | None, answer: str | None) -> tuple[str, str] | None:
    if not token or not (answer or "").strip():
        return ("请完成验证题。", "Please answer the check question.")
    try:
        payload = signing.loads(token, salt=CAPTCHA_SALT, max_age=CAPTCHA_MAX_AGE)
        number = int(str(answer).strip())
    except signing.SignatureExpired:
        return ("验证题已过期，请刷新后重试。", "The check question expired; load a new one.")
    except (signing.BadSignature, ValueError):
        return ("验证答案不正确。", "Wrong answer to the check question.")
    if not isinstance(payload, dict) or payload.get("s") != form.slug:
        return ("验证答案不正确。", "Wrong answer to the check question.")
    if not constant_time_compare(str(payload.get("d")), _answer_digest(form.slug, str(payload.get("n")), number)):
        return ("验证答案不正确。", "Wrong answer to the check question.")
    return None


def check_rate(ip: str, now: float | None = None) -> None:
    """Refuse with 429 (and `retry_after` seconds) past N submissions per client IP per minute."""
    limit = settings.LEAD_FORM_SUBMISSIONS_PER_MINUTE
    moment = clock() if now is None else now
    window = int(moment // RATE_WINDOW)
    key = f"leads:form-rate:{ip or 'unknown'}:{window}"
    cache.add(key, 0, RATE_WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        # The entry expired between add and incr: this is the window's first submission.
        cache.set(key, 1, RATE_WINDOW + 5)
        count = 1
    if count > limit:
        retry_after = max(1, math.ceil((window + 1) * RATE_WINDOW - moment))
        raise DomainError(ErrorCode.RATE_LIMITED, status=429, extra={"retry_after": retry_after})


@dataclass(frozen=True)
class SubmissionResult:
    """What a visitor gets back: the thank-you text; `created` is False for honeypots and repeats."""

    thank_you_text: str
    created: bool


def _form_values(form: WebForm, values: dict[str, Any], captcha_problem: tuple[str, str] | None) -> dict[str, Any]:
    """Only the fields the form asks for, required ones (and the CAPTCHA) checked in one answer; the rest is ignored."""
    errors: dict[str, tuple[str, str]] = {}
    picked: dict[str, Any] = {}
    for item in form_fields(form):
        field = item["field"]
        value = values.get(field)
        text = "" if value is None else str(value).strip()
        if item.get("required") and not text:
            errors[field] = ("此项为必填项。", "This field is required.")
        if text:
            picked[field] = text
    if captcha_problem:
        errors["captcha_answer"] = captcha_problem
    if errors:
        raise _invalid(errors)
    places = [picked[name] for name in REGION_FIELDS if name in picked]
    if places and not all(place.isdigit() for place in places):
        # Visitors type place names (广东 深圳); capture resolves free text to region codes.
        for name in REGION_FIELDS:
            picked.pop(name, None)
        picked["region"] = " ".join(places)
    return picked


def _capture(form: WebForm, picked: dict[str, Any], key: str | None) -> bool:
    """Capture the lead; a region refusal is reported on the region field the visitor sees."""
    try:
        result = capture.capture_lead(
            source=LeadSource.WEB_FORM, values=picked, submission_key=key, actor=None, form=form
        )
    except DomainError as error:
        shown = [item["field"] for item in form_fields(form) if item["field"] in REGION_FIELDS]
        for hidden in ("region", "region_code", "district_code"):
            if hidden in error.fields and shown:
                error.fields.setdefault(shown[-1], error.fields.pop(hidden))
        raise
    return bool(result.created)


def submit(
    *,
    slug: str,
    values: dict[str, Any],
    submission_id: str | None,
    honeypot: str | None,
    captcha_token: str | None,
    captcha_answer: str | None,
    ip: str,
) -> SubmissionResult:
    """Turn a visitor's post into one lead: rate limit, honeypot, CAPTCHA, required fields, idempotent capture."""
    form = get_public_form(slug)
    check_rate(ip)
    if honeypot:
        # Bots fill the hidden field: they get the normal answer and nothing is stored.
        return SubmissionResult(thank_you_text(form), created=False)
    problem = _captcha_error(form, captcha_token, captcha_answer) if form.is_captcha_required else None
    picked = _form_values(form, values, problem)
    if not picked.get("name"):
        # Forms may leave the name out; the lead still needs one for lists and the owner's inbox.
        fallback = picked.get("company_name") or picked.get("email") or picked.get("mobile") or picked.get("wechat")
        picked["name"] = str(fallback or localized("网站访客", "Website visitor"))[:60]
    if form.campaign:
        picked["campaign"] = form.campaign
    key = f"form:{form.slug}:{submission_id}" if submission_id else None
    return SubmissionResult(thank_you_text(form), created=_capture(form, picked, key))
