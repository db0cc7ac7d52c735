"""The hosted page of a web form (server-rendered, no SPA) and the script that embeds it in any site."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from chengdan.core.errors import NotFoundError, localized
from chengdan.leads import forms
from chengdan.leads.models import WebForm

API_PREFIX = "/api/v1/public/forms/"
EMBED_SCRIPT = """(function () {
  var script = document.currentScript;
  var page = %(page)s;
  var match = /[?&]lang=en\\b/.test(script && script.src || "") ? "en" : "";
  var frame = document.createElement("iframe");
  frame.src = page + "?embed=1" + (match ? "&lang=en" : "");
  frame.title = %(title)s;
  frame.loading = "lazy";
  frame.style.cssText = "width:100%%;max-width:560px;min-height:560px;border:0;display:block;";
  window.addEventListener("message", function (event) {
    if (event.source === frame.contentWindow && event.data && event.data.chengdanFormHeight) {
      frame.style.height = Math.ceil(event.data.chengdanFormHeight) + "px";
    }
  });
  if (script && script.parentNode) {
    script.parentNode.insertBefore(frame, script.nextSibling);
  } else {
    document.body.appendChild(frame);
  }
})();
"""


def _active_form(slug: str) -> WebForm:
    try:
        return forms.get_public_form(slug)
    except NotFoundError:
        raise Http404 from None


@require_GET
@xframe_options_exempt
def form_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The hosted form: zh-CN, or English with ?lang=en; it may be framed by any site (the embed snippet)."""
    language = "en" if request.GET.get("lang") == "en" else "zh-hans"
    with translation.override(language):
        form = _active_form(slug)
        is_english = language == "en"
        context = {
            "form": form,
            "title": form.title or form.name,
            "fields": forms.public_fields(form),
            "html_lang": "en" if is_english else "zh-CN",
            "is_embedded": request.GET.get("embed") == "1",
            "config": {
                "submitUrl": f"{API_PREFIX}{form.slug}/submissions",
                "captchaUrl": f"{API_PREFIX}{form.slug}/captcha" if form.is_captcha_required else "",
                "language": "en" if is_english else "zh-CN",
                "messages": {
                    "sending": localized("提交中…", "Sending…"),
                    "failed": localized("提交失败，请稍后再试。", "Submission failed; please try again."),
                    "offline": localized("网络异常，请检查后重试。", "Network error; check your connection."),
                    "tooFast": localized("提交过于频繁，请 {s} 秒后再试。", "Too many submissions; retry in {s} s."),
                },
            },
            "text": {
                "submit": localized("提交", "Submit"),
                "captcha": localized("验证题", "Check question"),
                "required": localized("必填", "required"),
                "other_language": "中文" if is_english else "English",
                "other_language_url": "?lang=zh" if is_english else "?lang=en",
            },
        }
        return render(request, "leads/form_page.html", context)


@require_GET
def embed_script(request: HttpRequest, slug: str) -> HttpResponse:
    """A script that inserts an iframe of the hosted page after itself; works from any site."""
    form = _active_form(slug)
    page = request.build_absolute_uri(reverse("lead_forms:page", args=[form.slug]))
    body = EMBED_SCRIPT % {"page": json.dumps(page), "title": json.dumps(form.title or form.name)}
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
