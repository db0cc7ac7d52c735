"""The record activity feed and the follow-up log: order, keyset pages, filters, scope, export, query counts."""

import csv
import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from chengdan.activities.models import FollowUp, Visit
from chengdan.activities.tests.follow_up_factories import log, plan
from chengdan.audit.models import AuditEntry
from chengdan.opportunities.tests.factories import make_opportunity
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
URL = "/api/v1/follow-ups"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _walk(client: Client, url: str, limit: int) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []
    cursor = ""
    while True:
        response = client.get(f"{url}&limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [(item["type"], (item.get("follow_up") or item.get("visit"))["id"]) for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return seen


def test_the_feed_mixes_follow_ups_and_visits_newest_first_across_pages(org: Org) -> None:
    own, customer = org.users["own"], org.customers["own"]
    base = timezone.now() - timedelta(days=10)
    expected: list[tuple[datetime, int, int, str]] = []
    for day in range(7):
        at = base + timedelta(days=day)
        expected.append(
            (at, 1, log(own, "customers", customer.pk, occurred_at=at, content=f"第{day}天").pk, "follow_up")
        )
        # Same instant as the follow-up: the follow-up comes first, both appear exactly once.
        expected.append((at, 0, plan(own, customer.pk, at).pk, "visit"))
    expected.sort(reverse=True)
    feed = f"{URL}/feed?record_type=customers&record_id={customer.pk}"

    for limit in (1, 3, 20):
        assert _walk(org.client("own"), feed, limit) == [(kind, pk) for _, _, pk, kind in expected]


def test_a_customers_feed_includes_its_contacts_and_visible_deals_follow_ups(org: Org) -> None:
    own, customer = org.users["own"], org.customers["own"]
    deal = make_opportunity(own, customer)
    on_contact = log(own, "contacts", org.contacts["own"].pk)
    on_deal = log(own, "opportunities", deal.pk)
    elsewhere = log(org.users["same_team"], "customers", org.customers["same_team"].pk)
    feed = f"{URL}/feed?record_type=customers&record_id={customer.pk}&limit=50"

    ids = {item["follow_up"]["id"] for item in org.client("own").get(feed).json()["items"]}

    assert ids == {on_contact.pk, on_deal.pk}
    assert elsewhere.pk not in ids
    assert org.client("same_team").get(feed).status_code == 404
    contact_feed = f"{URL}/feed?record_type=contacts&record_id={org.contacts['own'].pk}"
    assert [item["follow_up"]["id"] for item in org.client("own").get(contact_feed).json()["items"]] == [on_contact.pk]


def test_a_bad_cursor_is_a_422(org: Org) -> None:
    feed = f"{URL}/feed?record_type=customers&record_id={org.customers['own'].pk}&cursor=nonsense"
    response = org.client("own").get(feed)
    assert response.status_code == 422
    assert "cursor" in response.json()["fields"]


def _fill(org: Org, count: int) -> None:
    own, customer = org.users["own"], org.customers["own"]
    for index in range(count):
        log(
            own,
            "customers",
            customer.pk,
            content=f"跟进 {index}",
            participant_ids=[org.users["same_team"].pk],
            mentioned_user_ids=[org.users["supervisor"].pk],
        )
        plan(own, customer.pk, timezone.now() + timedelta(hours=index + 1))


def test_feed_and_log_pages_cost_the_same_whatever_their_size(org: Org, django_assert_num_queries: Any) -> None:
    client = org.client("supervisor")
    feed = f"{URL}/feed?record_type=customers&record_id={org.customers['own'].pk}"
    _fill(org, 2)
    client.get(URL)  # the session is loaded once
    counts = {}
    for size in (2, 12):
        if size > 2:
            _fill(org, size - 2)
        with django_assert_num_queries(FEED_QUERIES[connection.vendor]):
            assert len(client.get(f"{feed}&limit=100").json()["items"]) == size * 2
        with django_assert_num_queries(LOG_QUERIES[connection.vendor]):
            assert len(client.get(f"{URL}?limit=100").json()["items"]) == size
        counts[size] = True
    assert counts == {2: True, 12: True}


# Session and user (2), profile (1), the record (1), the department subtree (1), follow-ups and visits (each
# with its three share lookups: deals, leads, customers; the first also brings the pools), editable ids of
# each (likewise), files of each, participants, participant contacts and mentioned names. The log: the same
# for follow-ups alone, plus its capped count. PostgreSQL resolves the department subtree of each scope term
# as its own query.
FEED_QUERIES = {"sqlite": 26, "postgresql": 38}
LOG_QUERIES = {"sqlite": 16, "postgresql": 22}


def test_the_log_filters_by_author_department_kind_record_type_and_dates(org: Org) -> None:
    own, same, other = org.users["own"], org.users["same_team"], org.users["other_team"]
    deal = make_opportunity(own, org.customers["own"])
    day = datetime(2026, 3, 10, 23, 30, tzinfo=SHANGHAI)  # late evening in Shanghai, still the 10th
    phone = log(own, "customers", org.customers["own"].pk, occurred_at=day)
    wechat = log(own, "opportunities", deal.pk, kind="wechat", occurred_at=day + timedelta(days=1))
    teammate = log(same, "customers", org.customers["same_team"].pk, occurred_at=day)
    far_team = log(other, "customers", org.customers["other_team"].pk, occurred_at=day)
    client = org.client("regional_manager")

    def ids(query: str) -> set[int]:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids("") == {phone.pk, wechat.pk, teammate.pk, far_team.pk}
    assert ids(f"author_id={own.pk}") == {phone.pk, wechat.pk}
    assert ids(f"department_id={org.team.pk}") == {phone.pk, wechat.pk, teammate.pk}
    assert ids(f"department_id={org.region.pk}") == {phone.pk, wechat.pk, teammate.pk, far_team.pk}
    assert ids("kind=wechat") == {wechat.pk}
    assert ids("record_type=opportunities") == {wechat.pk}
    assert ids("record_type=customers") == {phone.pk, teammate.pk, far_team.pk}
    assert ids("date_from=2026-03-10&date_to=2026-03-10") == {phone.pk, teammate.pk, far_team.pk}
    assert ids("date_from=2026-03-11") == {wechat.pk}
    # A rep's log holds only what they may see.
    assert {item["id"] for item in org.client("own").get(URL).json()["items"]} == {phone.pk, wechat.pk}


def test_export_needs_the_right_applies_scope_and_is_audited(org: Org) -> None:
    log(org.users["own"], "customers", org.customers["own"].pk, content='=HYPERLINK("x")')
    log(org.users["other_team"], "customers", org.customers["other_team"].pk, content="杭州跟进")

    refused = org.client("own").get(f"{URL}/export.csv")
    response = org.client("supervisor").get(f"{URL}/export.csv", HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 403
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["Time", "Type", "Record type"]
    assert len(rows) == 2
    content = rows[1][rows[0].index("Content")]
    assert content == '\'=HYPERLINK("x")'
    entry = AuditEntry.objects.get(action="follow_ups.exported")
    assert (entry.actor_id, entry.data["rows"]) == (org.users["supervisor"].pk, 1)


def test_the_log_and_visit_tables_stay_untouched_by_reads(org: Org) -> None:
    _fill(org, 1)
    before = (FollowUp.objects.get().version, Visit.objects.get().version)
    org.client("own").get(URL)
    org.client("own").get(f"{URL}/feed?record_type=customers&record_id={org.customers['own'].pk}")
    assert (FollowUp.objects.get().version, Visit.objects.get().version) == before
