"""Request and response shapes of web forms (admin and public) and mailboxes."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema

SUBMISSION_ID = r"^[A-Za-z0-9-]{8,64}$"


class FormFieldIn(InputSchema):
    """One field of a form: a Lead attribute, its label (default when blank) and whether it is required."""

    field: str = Field(..., max_length=40)
    label: str = Field("", max_length=60)
    required: bool = False


class FormFieldOut(Schema):
    field: str
    label: str
    required: bool


class WebFormIn(InputSchema):
    """A new web form; `slug` is its public address (/f/<slug>)."""

    name: str = Field(..., min_length=1, max_length=60)
    slug: str = Field(..., min_length=2, max_length=40)
    fields: list[FormFieldIn] = Field(..., max_length=12)
    title: str = Field("", max_length=100)
    thank_you_text: str = Field("", max_length=500)
    campaign: str = Field("", max_length=100)
    is_captcha_required: bool = False
    is_active: bool = True


class WebFormPatch(InputSchema):
    """Changes to a web form, based on `version`."""

    version: int
    name: str | None = Field(None, min_length=1, max_length=60)
    slug: str | None = Field(None, min_length=2, max_length=40)
    fields: list[FormFieldIn] | None = Field(None, max_length=12)
    title: str | None = Field(None, max_length=100)
    thank_you_text: str | None = Field(None, max_length=500)
    campaign: str | None = Field(None, max_length=100)
    is_captcha_required: bool | None = None
    is_active: bool | None = None


class WebFormOut(Schema):
    """A web form with its hosted page address and the snippet to paste into any site."""

    id: int
    name: str
    slug: str
    fields: list[FormFieldOut]
    title: str
    thank_you_text: str
    campaign: str
    is_captcha_required: bool
    is_active: bool
    version: int
    hosted_url: str
    embed_url: str
    embed_snippet: str
    created_at: datetime
    updated_at: datetime


class PublicFieldOut(Schema):
    field: str
    label: str
    required: bool
    type: str


class PublicFormOut(Schema):
    """What a visitor's page needs to draw the form."""

    slug: str
    title: str
    fields: list[PublicFieldOut]
    is_captcha_required: bool


class CaptchaOut(Schema):
    """An arithmetic question; post `token` back with the answer."""

    question: str
    token: str


class SubmissionIn(InputSchema):
    """A visitor's post: the form's fields, a per-page-load id, the honeypot and the CAPTCHA answer."""

    name: str | None = Field(None, max_length=200)
    mobile: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    wechat: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=100)
    company_name: str | None = Field(None, max_length=300)
    province_code: str | None = Field(None, max_length=40)
    city_code: str | None = Field(None, max_length=40)
    industry: str | None = Field(None, max_length=60)
    budget: str | None = Field(None, max_length=40)
    product_interest: str | None = Field(None, max_length=300)
    notes: str | None = Field(None, max_length=5000)
    submission_id: str | None = Field(None, pattern=SUBMISSION_ID)
    website: str | None = Field(None, max_length=500)
    captcha_token: str | None = Field(None, max_length=500)
    captcha_answer: str | None = Field(None, max_length=20)


class SubmissionOut(Schema):
    thank_you_text: str


class MailboxIn(InputSchema):
    """A mailbox to poll; the password is write-only."""

    name: str = Field(..., min_length=1, max_length=60)
    host: str = Field(..., min_length=1, max_length=200)
    port: int = Field(993, ge=1, le=65535)
    use_ssl: bool = True
    username: str = Field(..., min_length=1, max_length=200)
    password: str = Field(..., min_length=1, max_length=200)
    folder: str = Field("INBOX", min_length=1, max_length=100)
    campaign: str = Field("", max_length=100)
    is_active: bool = True


class MailboxPatch(InputSchema):
    """Changes to a mailbox, based on `version`; leave `password` out to keep it."""

    version: int
    name: str | None = Field(None, min_length=1, max_length=60)
    host: str | None = Field(None, min_length=1, max_length=200)
    port: int | None = Field(None, ge=1, le=65535)
    use_ssl: bool | None = None
    username: str | None = Field(None, min_length=1, max_length=200)
    password: str | None = Field(None, min_length=1, max_length=200)
    folder: str | None = Field(None, min_length=1, max_length=100)
    campaign: str | None = Field(None, max_length=100)
    is_active: bool | None = None


class MailboxOut(Schema):
    """A mailbox as admins see it: never the password, only whether one is set."""

    id: int
    name: str
    host: str
    port: int
    use_ssl: bool
    username: str
    has_password: bool
    folder: str
    campaign: str
    uid_validity: int | None
    last_uid: int
    last_polled_at: datetime | None
    last_error: str
    is_active: bool
    version: int


class PollOut(Schema):
    """One poll's counts; `error` is set (and nothing read) when the server refused or was unreachable."""

    fetched: int
    leads_created: int
    leads_existing: int
    follow_ups: int
    skipped: int
    error: str
