"""Exactly once per channel across a worker killed mid-send: a real dispatcher process, SIGKILL, restart."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from chengdan.accounts.models import User
from chengdan.notifications import actions
from chengdan.notifications.choices import DeliveryStatus
from chengdan.notifications.models import Delivery, NotificationPreference
from chengdan.notifications.tests.conftest import ROBOT_KIND, sms_endpoint
from chengdan.testing import receivers

LEASE_SECONDS = 5
DISPATCH = (
    "import django, sys; django.setup();"
    "from chengdan.notifications import outbox;"
    "result = outbox.dispatch_due(lease_seconds=int(sys.argv[1]));"
    "print(len(result.sent), len(result.retried), len(result.failed))"
)


def _database_env(tmp_path: Path) -> tuple[dict[str, str], Path | None]:
    """Environment for a child process that works on this test's database (a copy file for SQLite)."""
    env = {key: value for key, value in os.environ.items() if key != "CHENGDAN_TEST_DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "chengdan.config.settings"
    if connection.vendor == "sqlite":
        path = tmp_path / "dispatch.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        env["CHENGDAN_DATABASE_URL"] = f"sqlite:///{path}"
        return env, path
    db = connection.settings_dict
    env["CHENGDAN_DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    return env, None


def _dispatcher(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DISPATCH, str(LEASE_SECONDS)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_back(path: Path | None) -> None:
    if path is not None:
        source = sqlite3.connect(path)
        source.backup(connection.connection)
        source.close()


@pytest.mark.django_db(transaction=True)
def test_a_dispatcher_killed_mid_send_is_replaced_and_the_message_arrives_once(tmp_path: Path) -> None:
    rep = User.objects.create_user("rep", password="x" * 12, email="rep@example.com", mobile="13800000000")
    credentials = receivers.Credentials(access_key_secret="sms-access-key-secret")
    with receivers.running_receiver(receivers.ALIYUN, credentials) as aliyun:
        sms_endpoint(aliyun)
        NotificationPreference.objects.create(
            user=rep, kinds={ROBOT_KIND: {"channels": ["in_app", "sms"], "digest": False}}
        )
        notification = actions.notify(recipient=rep, kind=ROBOT_KIND, title="客户拜访提醒")
        delivery = Delivery.objects.get(notification=notification)
        env, path = _database_env(tmp_path)

        aliyun.hold()
        first = _dispatcher(env)
        assert aliyun.arrived.wait(timeout=60), first.communicate(timeout=5)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        claimed_at = time.monotonic()
        # The vendor took the message; its answer never reached the dead worker.
        aliyun.release.set()
        for _ in range(100):
            if aliyun.accepted:
                break
            time.sleep(0.05)
        assert len(aliyun.accepted) == 1

        # A dispatcher started while the dead worker's lease holds leaves the row alone.
        early = _dispatcher(env)
        out, err = early.communicate(timeout=60)
        assert early.returncode == 0, err
        sent = [int(out.split()[0])]
        if time.monotonic() - claimed_at < LEASE_SECONDS:
            assert out.split() == ["0", "0", "0"]

        # The restart after the lease ran out sends it again, with the same key.
        time.sleep(max(0.0, LEASE_SECONDS + 0.5 - (time.monotonic() - claimed_at)))
        second = _dispatcher(env)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        sent.append(int(out.split()[0]))
        assert sorted(sent) == [0, 1]

    _read_back(path)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert len(aliyun.attempts) == 2
    assert {request.body["OutId"] for request in aliyun.attempts} == {str(delivery.idempotency_key)}
    # A fresh signature nonce per attempt, the same idempotency key: one message accepted.
    assert len({request.body["SignatureNonce"] for request in aliyun.attempts}) == 2
    assert len(aliyun.accepted) == 1
