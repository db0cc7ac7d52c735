"""Platform guarantees: production refuses unsafe settings, and tasks round-trip through Redis."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "CHENGDAN_ENV": "production",
    "CHENGDAN_SECRET_KEY": "k" * 20 + uuid.uuid4().hex + uuid.uuid4().hex,
    "CHENGDAN_ALLOWED_HOSTS": "crm.example.com",
}


def _clean_env(**extra: str) -> dict[str, str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHENGDAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(extra)
    return env


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = _clean_env()
    environment.update(env, CHENGDAN_VAR_DIR=str(ROOT / "var" / "test-platform"))
    return subprocess.run(
        [sys.executable, "-m", "chengdan", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_default_secret_key() -> None:
    result = _manage("check", CHENGDAN_ENV="production")
    assert result.returncode != 0
    assert "CHENGDAN_SECRET_KEY" in result.stderr


def test_production_refuses_debug() -> None:
    result = _manage("check", **PRODUCTION, CHENGDAN_DEBUG="1")
    assert result.returncode != 0
    assert "CHENGDAN_DEBUG" in result.stderr


def test_deploy_check_passes_in_production_mode() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def _redis_url() -> str | None:
    url = os.environ.get("CHENGDAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return url
    except OSError:
        return None


def _round_trip(env: dict[str, str]) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "chengdan.config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        token = uuid.uuid4().hex
        code = (
            "import django,os;"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE','chengdan.config.settings');django.setup();"
            "from chengdan.core.queue import ensure_local_queue_dirs;ensure_local_queue_dirs();"
            "from chengdan.core.tasks import ping;"
            f"print(ping.delay('{token}').get(timeout=60))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=90
        )
        assert result.stdout.strip() == f"pong:{token}", result.stderr[-2000:]
    finally:
        worker.terminate()
        worker.wait(timeout=20)


@pytest.mark.redis
def test_a_task_round_trips_through_a_real_redis_server() -> None:
    url = _redis_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("CI must provide Redis on 127.0.0.1:6379")
        pytest.skip("no Redis server on 127.0.0.1:6379")
    _round_trip(_clean_env(CHENGDAN_REDIS_URL=url, CHENGDAN_VAR_DIR=str(ROOT / "var" / "test-redis")))


def test_a_task_round_trips_through_the_embedded_queue(tmp_path: Path) -> None:
    _round_trip(_clean_env(CHENGDAN_VAR_DIR=str(tmp_path)))
