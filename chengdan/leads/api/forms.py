"""Admin endpoints of web forms: CRUD under /lead-settings/forms, each answer with its hosted URL and snippet."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.leads import forms
from chengdan.leads.form_schemas import WebFormIn, WebFormOut, WebFormPatch
from chengdan.leads.models import WebForm

router = Router(tags=["lead-forms"])
PREFIX = "/lead-settings/forms"


def render_form(request: HttpRequest, form: WebForm) -> dict[str, Any]:
    """A form as WebFormOut, with absolute addresses built from the request's host."""
    hosted_url = request.build_absolute_uri(reverse("lead_forms:page", args=[form.slug]))
    embed_url = request.build_absolute_uri(reverse("lead_forms:embed", args=[form.slug]))
    return {
        "id": form.pk,
        "name": form.name,
        "slug": form.slug,
        "fields": forms.form_fields(form),
        "title": form.title,
        "thank_you_text": form.thank_you_text,
        "campaign": form.campaign,
        "is_captcha_required": form.is_captcha_required,
        "is_active": form.is_active,
        "version": form.version,
        "hosted_url": hosted_url,
        "embed_url": embed_url,
        "embed_snippet": f'<script src="{embed_url}" async></script>',
        "created_at": form.created_at,
        "updated_at": form.updated_at,
    }


@router.get(PREFIX, response=responses(list[WebFormOut]))
def list_forms(request: HttpRequest) -> list[dict[str, Any]]:
    """Every web form, newest first."""
    return [render_form(request, form) for form in forms.list_forms(actor_of(request))]


@router.post(PREFIX, response=responses(WebFormOut, 201))
def create_form(request: HttpRequest, payload: WebFormIn) -> Status[dict[str, Any]]:
    """Create a web form; the answer carries its hosted page URL and embed snippet."""
    form = forms.create_form(actor=actor_of(request), values=payload.dict())
    return Status(201, render_form(request, form))


@router.get(f"{PREFIX}/{{form_id}}", response=responses(WebFormOut))
def get_form(request: HttpRequest, form_id: int) -> dict[str, Any]:
    """One web form."""
    return render_form(request, forms.get_form(actor_of(request), form_id))


@router.patch(f"{PREFIX}/{{form_id}}", response=responses(WebFormOut))
def update_form(request: HttpRequest, form_id: int, payload: WebFormPatch) -> dict[str, Any]:
    """Edit a web form (409 on a stale version)."""
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    values = {name: value for name, value in values.items() if value is not None}
    form = forms.update_form(actor=actor_of(request), form_id=form_id, version=version, values=values)
    return render_form(request, form)


@router.delete(f"{PREFIX}/{{form_id}}", response=responses(None, 204))
def delete_form(request: HttpRequest, form_id: int) -> Status[None]:
    """Delete a web form; its leads stay."""
    forms.delete_form(actor=actor_of(request), form_id=form_id)
    return Status(204, None)
