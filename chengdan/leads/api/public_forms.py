"""Public, unauthenticated endpoints of web forms: the definition, a CAPTCHA, and submissions.

`auth=None` on every operation: visitors have no session or token, so no CSRF check applies either
(ninja checks CSRF only inside its session authentication; its views are csrf_exempt for Django).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from chengdan.core.middleware import client_ip
from chengdan.core.schemas import responses
from chengdan.leads import forms
from chengdan.leads.form_schemas import CaptchaOut, PublicFormOut, SubmissionIn, SubmissionOut

router = Router(tags=["public-forms"])
PREFIX = "/public/forms"


@router.get(f"{PREFIX}/{{slug}}", auth=None, response=responses(PublicFormOut))
def get_public_form(request: HttpRequest, slug: str) -> dict[str, Any]:
    """An active form's definition (404 for unknown or inactive forms)."""
    form = forms.get_public_form(slug)
    return {
        "slug": form.slug,
        "title": form.title or form.name,
        "fields": forms.public_fields(form),
        "is_captcha_required": form.is_captcha_required,
    }


@router.get(f"{PREFIX}/{{slug}}/captcha", auth=None, response=responses(CaptchaOut))
def get_captcha(request: HttpRequest, slug: str) -> dict[str, str]:
    """A fresh arithmetic question; its token expires after ten minutes."""
    return forms.new_captcha(slug)


@router.post(
    f"{PREFIX}/{{slug}}/submissions", auth=None, response={200: SubmissionOut, **responses(SubmissionOut, 201)}
)
def submit_form(request: HttpRequest, slug: str, payload: SubmissionIn) -> Status[dict[str, str]]:
    """Submit a form: 201 with the thank-you text for a new lead, 200 for a repeat; 422 per field; 429 when too fast."""
    values = payload.dict()
    control = {name: values.pop(name) for name in ("submission_id", "website", "captcha_token", "captcha_answer")}
    result = forms.submit(
        slug=slug,
        values=values,
        submission_id=control["submission_id"],
        honeypot=control["website"],
        captcha_token=control["captcha_token"],
        captcha_answer=control["captcha_answer"],
        ip=client_ip(request),
    )
    return Status(201 if result.created else 200, {"thank_you_text": result.thank_you_text})
