"""Lead-capture rows of the permission matrix: form and mailbox settings (admins), public form endpoints (anyone)."""

from typing import Any

from django.core.cache import cache

from chengdan.leads.models import Mailbox, WebForm
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
FORMS = f"{V1}/lead-settings/forms"
MAILBOXES = f"{V1}/lead-settings/mailboxes"
PUBLIC = f"{V1}/public/forms/{{slug}}"
FIELDS = [{"field": "name", "required": True}, {"field": "mobile", "required": True}]


def _form(org: Org) -> WebForm:
    form = WebForm.objects.filter(slug="matrix-form").first()
    return form or WebForm.objects.create(name="矩阵表单", slug="matrix-form", fields=FIELDS, thank_you_text="谢谢")


def _mailbox(org: Org) -> Mailbox:
    # Port 1 on loopback refuses at once: "poll now" answers its clean 422 without a network wait.
    return Mailbox.objects.create(name="矩阵邮箱", host="127.0.0.1", port=1, use_ssl=False, username="u", password="p")


def _submission(org: Org) -> dict[str, Any]:
    # Every persona posts from the test client's one address; start each from a fresh per-IP allowance.
    cache.clear()
    _form(org)
    return {"name": "访客", "mobile": "13912345678", "submission_id": "matrix-0001-0001"}


FORM = {"form_id": lambda org: _form(org).pk}
MAILBOX = {"mailbox_id": lambda org: _mailbox(org).pk}
SLUG = {"slug": lambda org: _form(org).slug}
ANYONE = statuses(200, anonymous=200)

LEAD_CAPTURE_ENDPOINTS = [
    Endpoint("GET", FORMS, only({"admin": 200}, 403)),
    Endpoint(
        "POST",
        FORMS,
        only({"admin": 201}, 403),
        body=lambda org: {"name": "官网表单", "slug": "site-form", "fields": FIELDS},
    ),
    Endpoint("GET", f"{FORMS}/{{form_id}}", only({"admin": 200}, 403), params=FORM),
    Endpoint(
        "PATCH",
        f"{FORMS}/{{form_id}}",
        only({"admin": 200}, 403),
        params=FORM,
        body=lambda org: {"version": 1, "title": "新"},
    ),
    Endpoint("DELETE", f"{FORMS}/{{form_id}}", only({"admin": 204}, 403), params=FORM),
    Endpoint("GET", PUBLIC, ANYONE, params=SLUG),
    Endpoint("GET", f"{PUBLIC}/captcha", ANYONE, params=SLUG),
    Endpoint("POST", f"{PUBLIC}/submissions", statuses(201, anonymous=201), params=SLUG, body=_submission),
    Endpoint("GET", MAILBOXES, only({"admin": 200}, 403)),
    Endpoint(
        "POST",
        MAILBOXES,
        only({"admin": 201}, 403),
        body=lambda org: {"name": "销售邮箱", "host": "imap.example.com", "username": "sales", "password": "secret"},
    ),
    Endpoint("GET", f"{MAILBOXES}/{{mailbox_id}}", only({"admin": 200}, 403), params=MAILBOX),
    Endpoint(
        "PATCH",
        f"{MAILBOXES}/{{mailbox_id}}",
        only({"admin": 200}, 403),
        params=MAILBOX,
        body=lambda org: {"version": 1, "name": "改名"},
    ),
    Endpoint("DELETE", f"{MAILBOXES}/{{mailbox_id}}", only({"admin": 204}, 403), params=MAILBOX),
    # The admin may poll; the unreachable test server makes that the clean `lead.mailbox_poll_failed` 422.
    Endpoint("POST", f"{MAILBOXES}/{{mailbox_id}}/poll", only({"admin": 422}, 403), params=MAILBOX),
]
