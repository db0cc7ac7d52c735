"""Serving the built single-page app's index.html for every client-side route."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

_FALLBACK = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>成单 Chengdan</title>
<body><p>前端尚未构建：请运行 <code>make run</code>（或 <code>make frontend</code>）。</p>
<p>The frontend is not built yet: run <code>make run</code> (or <code>make frontend</code>).</p></body></html>"""


@require_GET
@ensure_csrf_cookie
def spa_index(request: HttpRequest) -> HttpResponse:
    """Return the SPA shell; the router in the browser takes over from there."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        return HttpResponse(_FALLBACK, status=503)
    response = HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
