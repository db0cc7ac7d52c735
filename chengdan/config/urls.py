"""URL map: the API, Django admin, and the SPA for every other path (history-mode fallback)."""

from django.contrib import admin
from django.urls import include, path, re_path

from chengdan.config.api import api
from chengdan.config.spa import spa_index

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # Hosted web-form pages and their embed script (public, server-rendered), before the SPA catch-all.
    path("f/", include("chengdan.leads.urls")),
    path("ical/", include("chengdan.activities.urls")),
    re_path(r"^(?!api/|admin/|static/).*$", spa_index, name="spa"),
]
