"""Shared API helpers for the work-report tests."""

import json
from typing import Any

from django.test import Client

from chengdan.reports.tests.factories import WEDNESDAY

V1 = "/api/v1"


def put(client: Client, body: dict[str, Any]) -> Any:
    """PUT /work-reports/draft."""
    return client.put(f"{V1}/work-reports/draft", data=json.dumps(body), content_type="application/json")


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    """POST a JSON body."""
    return client.post(f"{V1}{url}", data=json.dumps(body), content_type="application/json")


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    """PATCH a JSON body."""
    return client.patch(f"{V1}{url}", data=json.dumps(body), content_type="application/json")


def write_and_submit(
    client: Client, kind: str = "weekly", day: str = str(WEDNESDAY), summary: str = "本周拜访三家客户"
) -> dict[str, Any]:
    """Save a report with a summary and submit it; returns the submitted report."""
    saved = put(client, {"kind": kind, "date": day, "summary": summary, "plan": "下周跟进报价"})
    assert saved.status_code == 200, saved.content
    report = saved.json()
    submitted = post(client, f"/work-reports/{report['id']}/submit", {"version": report["version"]})
    assert submitted.status_code == 200, submitted.content
    return dict(submitted.json())
