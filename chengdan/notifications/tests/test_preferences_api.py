"""The kinds registry and each user's own preferences through the API."""

from typing import Any

from chengdan.notifications.models import NotificationPreference
from chengdan.notifications.tests.conftest import EMAIL_KIND, ROBOT_KIND

V1 = "/api/v1/notifications"
Org = Any


def test_kinds_list_the_registered_configurable_kinds_with_defaults(org: Org) -> None:
    body = org.client("own").get(f"{V1}/kinds").json()
    by_code = {item["code"]: item for item in body}
    assert by_code[EMAIL_KIND] == {
        "code": EMAIL_KIND,
        "label": "测试邮件通知",
        "label_zh": "测试邮件通知",
        "label_en": "Test e-mail notice",
        "default_channels": ["in_app", "email"],
    }
    assert "notifications.digest" not in by_code


def test_preferences_start_from_the_defaults_and_save_with_a_version(org: Org) -> None:
    client = org.client("own")
    first = client.get(f"{V1}/preferences").json()
    assert first["version"] == 0 and first["time_zone"] == "Asia/Shanghai" and first["digest_time"] == "18:00:00"
    assert {"kind": EMAIL_KIND, "label": "测试邮件通知", "channels": ["in_app", "email"], "digest": False} in first[
        "kinds"
    ]
    assert first["available_channels"] == ["in_app", "email"]
    payload = {
        "version": 0,
        "kinds": [{"kind": ROBOT_KIND, "channels": ["sms"], "digest": True}],
        "quiet_start": "22:00",
        "quiet_end": "08:00",
        "digest_time": "17:30",
    }
    saved = client.put(f"{V1}/preferences", data=payload, content_type="application/json")
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["version"] == 1 and body["quiet_start"] == "22:00:00" and body["digest_time"] == "17:30:00"
    robot = next(item for item in body["kinds"] if item["kind"] == ROBOT_KIND)
    # In-app always gets the row.
    assert robot["channels"] == ["in_app", "sms"] and robot["digest"] is True
    row = NotificationPreference.objects.get(user=org.users["own"])
    assert row.kinds[ROBOT_KIND] == {"channels": ["in_app", "sms"], "digest": True}
    stale = client.put(f"{V1}/preferences", data=payload, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 1
    assert org.client("same_team").get(f"{V1}/preferences").json()["version"] == 0


def test_bad_preferences_answer_422_per_field(org: Org) -> None:
    client = org.client("own")

    def put(**values: Any) -> Any:
        payload = {"version": 0, "kinds": [], **values}
        return client.put(f"{V1}/preferences", data=payload, content_type="application/json")

    unknown = put(kinds=[{"kind": "no.such.kind", "channels": []}])
    assert unknown.status_code == 422 and "kinds.0.kind" in unknown.json()["fields"]
    channel = put(kinds=[{"kind": EMAIL_KIND, "channels": ["pigeon"]}])
    assert channel.status_code == 422
    half = put(quiet_start="22:00")
    assert half.status_code == 422 and "quiet_end" in half.json()["fields"]
    zone = put(time_zone="Mars/Olympus")
    assert zone.status_code == 422 and "time_zone" in zone.json()["fields"]
    assert not NotificationPreference.objects.exists()
