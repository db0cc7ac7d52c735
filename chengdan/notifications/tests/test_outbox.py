"""The outbox: fan-out with preferences and quiet hours, bulk notify_many, leases, back-off, give-up, digests."""

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.notifications import actions, digests, outbox, preferences
from chengdan.notifications.actions import Notice
from chengdan.notifications.choices import DeliveryStatus
from chengdan.notifications.kinds import DIGEST_KIND
from chengdan.notifications.models import Delivery, Notification, NotificationPreference
from chengdan.notifications.tests.conftest import EMAIL_KIND, ROBOT_KIND, robot_endpoint
from chengdan.testing import receivers
from chengdan.testing.smtp import SmtpServer

Org = Any
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2025, 6, day, hour, minute, tzinfo=SHANGHAI)


def test_unknown_kinds_stay_in_app_and_registered_defaults_fan_out(org: Org) -> None:
    actions.notify(recipient=org.users["own"], kind="nobody.declared", title="x")
    assert Delivery.objects.count() == 0
    notification = actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="y")
    delivery = Delivery.objects.get()
    assert (delivery.notification_id, delivery.channel, delivery.status) == (notification.pk, "email", "pending")
    assert delivery.recipient_id == org.users["own"].pk


def test_a_repeated_dedupe_key_queues_nothing_again(org: Org) -> None:
    first = actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="y", dedupe_key="k1")
    again = actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="y", dedupe_key="k1")
    assert first.pk == again.pk
    assert Delivery.objects.count() == 1


def test_channels_without_an_endpoint_are_skipped(org: Org) -> None:
    actions.notify(recipient=org.users["own"], kind=ROBOT_KIND, title="no robot configured")
    assert Delivery.objects.count() == 0


def _notices(org: Org, count: int, prefix: str) -> list[Notice]:
    users = [org.users[name] for name in ("own", "same_team", "other_team", "supervisor")]
    return [
        Notice(
            recipient_id=users[index % len(users)].pk,
            kind=EMAIL_KIND if index % 2 else "plain.kind",
            title=f"{prefix} {index}",
            dedupe_key=f"{prefix}-{index}" if index % 3 else "",
        )
        for index in range(count)
    ]


def test_notify_many_is_bulk_and_fans_out_in_a_constant_number_of_queries(org: Org) -> None:
    NotificationPreference.objects.create(
        user=org.users["own"], kinds={EMAIL_KIND: {"channels": ["in_app"], "digest": False}}
    )
    with CaptureQueriesContext(connection) as small:
        assert actions.notify_many(_notices(org, 12, "small")) == 12
    with CaptureQueriesContext(connection) as large:
        assert actions.notify_many(_notices(org, 90, "large")) == 90
    with CaptureQueriesContext(connection) as huge:
        assert actions.notify_many(_notices(org, 900, "huge")) == 900
    # Rows go to the driver as one executemany / COPY per table, so the count does not grow with the batch
    # (PostgreSQL adds three statements per table: the staging table is made, emptied into it and cleared).
    assert len(huge) == len(large) == len(small) <= 14
    # Odd-numbered notices are e-mail ones; the own rep switched e-mail off for that kind.
    own = org.users["own"].pk
    expected = sum(
        1 for notice in _notices(org, 90, "large") if notice.kind == EMAIL_KIND and notice.recipient_id != own
    )
    assert Delivery.objects.filter(notification__title__startswith="large").count() == expected
    assert actions.notify_many(_notices(org, 90, "large")) == 30  # only the unkeyed ones are new
    assert Delivery.objects.filter(notification__title__startswith="large").count() == expected + sum(
        1 for index in range(90) if index % 3 == 0 and index % 2 and index % 4 != 0
    )


def test_digest_kinds_get_no_immediate_delivery(org: Org) -> None:
    NotificationPreference.objects.create(
        user=org.users["own"], kinds={EMAIL_KIND: {"channels": ["in_app", "email"], "digest": True}}
    )
    notification = actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="later")
    assert notification.read_at is None
    assert Delivery.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "end", "now", "expected"),
    [
        (time(22), time(8), _at(23, 30), _at(8, day=3)),
        (time(22), time(8), _at(7, 59), _at(8)),
        (time(22), time(8), _at(8), None),
        (time(12), time(14), _at(13), _at(14)),
        (time(12), time(14), _at(14, 1), None),
        (time(9), time(9), _at(9), None),
    ],
)
def test_quiet_hours_hold_messages_until_the_window_ends(
    start: time, end: time, now: datetime, expected: datetime | None
) -> None:
    preference = NotificationPreference(quiet_start=start, quiet_end=end)
    assert preferences.quiet_until(preference, now.astimezone(UTC)) == expected


def test_a_notice_in_quiet_hours_is_scheduled_after_them(org: Org) -> None:
    NotificationPreference.objects.create(user=org.users["own"], quiet_start=time(22), quiet_end=time(8))
    [notification] = [Notification.objects.create(recipient=org.users["own"], kind=EMAIL_KIND, title="t")]
    outbox.fan_out([notification], now=_at(23))
    delivery = Delivery.objects.get()
    assert delivery.next_attempt_at == _at(8, day=3)
    assert outbox.dispatch_due(_at(7, 59, day=3)).sent == []


def test_a_notice_created_while_no_worker_ran_goes_out_with_the_next_dispatch(
    org: Org, smtp_server: SmtpServer
) -> None:
    notification = actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="下午拜访")
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(hours=5))
    result = outbox.dispatch_due()
    assert result.sent == [Delivery.objects.get(notification=notification).pk]
    assert [message["Subject"] for message in smtp_server.messages] == ["下午拜访"]
    assert outbox.dispatch_due().sent == []


def test_a_leased_row_is_not_claimed_twice_and_is_reclaimed_after_its_lease(org: Org) -> None:
    actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="t")
    now = timezone.now()
    [first] = outbox.claim(now, lease_seconds=60)
    assert outbox.claim(now + timedelta(seconds=59), lease_seconds=60) == []
    [again] = outbox.claim(now + timedelta(seconds=61), lease_seconds=60)
    assert again.pk == first.pk and again.attempts == 2 and again.lease_token != first.lease_token
    assert again.idempotency_key == first.idempotency_key
    # The first worker lost its lease: its late outcome is not recorded.
    assert outbox._finish(first, status=DeliveryStatus.SENT) is False


def test_transient_errors_back_off_then_fail_with_the_error(org: Org, settings: Any) -> None:
    from chengdan.testing.smtp import free_port

    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="t")
    now = timezone.now()
    waits = []
    for attempt in range(1, 4):
        result = outbox.dispatch_due(now, max_attempts=3)
        delivery = Delivery.objects.get()
        assert delivery.attempts == attempt
        if attempt < 3:
            assert result.retried == [delivery.pk]
            waits.append((delivery.next_attempt_at - timezone.now()).total_seconds())
            now = delivery.next_attempt_at
        else:
            assert result.failed == [delivery.pk]
    assert delivery.status == DeliveryStatus.FAILED
    assert "SMTP" in delivery.last_error
    assert 14 <= waits[0] <= 46 and 29 <= waits[1] <= 91


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    import random

    rng = random.Random(7)
    assert [outbox.backoff(n, rng).total_seconds() // 1 for n in (1, 1)] != [30, 30]
    for attempts, base in ((1, 30), (2, 60), (5, 480), (20, 3600)):
        seconds = outbox.backoff(attempts, rng).total_seconds()
        assert base * 0.5 <= seconds <= base * 1.5


def test_digest_collects_the_days_digest_kinds_once_per_user_and_day(org: Org, dingtalk: receivers.Receiver) -> None:
    robot_endpoint(dingtalk)
    own = org.users["own"]
    NotificationPreference.objects.create(
        user=own,
        digest_time=time(18),
        kinds={ROBOT_KIND: {"channels": ["in_app", "dingtalk"], "digest": True}},
    )
    for title in ("甲", "乙"):
        actions.notify(recipient=own, kind=ROBOT_KIND, title=title)
    actions.notify(recipient=own, kind="other.kind", title="不在汇总里")
    assert Delivery.objects.count() == 0
    Notification.objects.update(created_at=_at(10))
    assert digests.send_digests(_at(17, 59)).user_ids == []
    assert digests.send_digests(_at(18, 10)).user_ids == [own.pk]
    assert digests.send_digests(_at(18, 25)).user_ids == []
    digest = Notification.objects.get(kind=DIGEST_KIND)
    assert digest.read_at is not None and digest.dedupe_key == "digest:2025-06-02"
    assert digest.body == "· 甲\n· 乙"
    outbox.dispatch_due()
    [request] = dingtalk.accepted
    assert "甲" in request.body["text"]["content"] and "不在汇总里" not in request.body["text"]["content"]
