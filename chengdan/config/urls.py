"""URL map: the API, Django admin, and the SPA for every other path (history-mode fallback)."""

from django.contrib import admin
from django.urls import path, re_path

from chengdan.config.api import api
from chengdan.config.spa import spa_index

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    re_path(r"^(?!api/|admin/|static/).*$", spa_index, name="spa"),
]
