"""The public pages of web forms, mounted at /f/ (outside the API and the SPA)."""

from django.urls import path

from chengdan.leads import views

app_name = "lead_forms"
urlpatterns = [
    path("<slug:slug>", views.form_page, name="page"),
    path("<slug:slug>/embed.js", views.embed_script, name="embed"),
]
