"""The public iCalendar feed, mounted at /ical/ (outside the API and the SPA; the token is the credential)."""

from django.urls import path

from chengdan.activities import ical

app_name = "calendar_feed"
urlpatterns = [
    path("<str:token>.ics", ical.feed_view, name="feed"),
]
