"""Shared plumbing: pick the database, set Django up, time things, print ratios."""

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database: str, name: str = "bench") -> None:
    """Point Chengdan at a dedicated benchmark database (one per benchmark family) and migrate it."""
    if database == "sqlite":
        url = f"sqlite:///{ROOT / 'var' / f'{name}.sqlite3'}"
    else:
        base = os.environ.get("CHENGDAN_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/chengdan_bench")
        url = base if name == "bench" else f"{base}_{name.removeprefix('bench_')}"
        _ensure_postgres_database(url)
    os.environ["CHENGDAN_DATABASE_URL"] = url
    os.environ.pop("CHENGDAN_TEST_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengdan.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def median_ms(function: Callable[[], Any], runs: int = 30, warmup: int = 3) -> float:
    """Median wall time of `function` in milliseconds."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def report(title: str, rows: list[tuple[str, float, float]], limit: float) -> bool:
    """Print app vs raw medians and their ratio; return True when every ratio is within `limit`."""
    print(f"\n{title}")
    print(f"{'case':<28}{'app ms':>10}{'raw ms':>10}{'ratio':>8}  limit {limit}×")
    ok = True
    for name, app, raw in rows:
        ratio = app / raw if raw else float("inf")
        ok &= ratio <= limit
        print(f"{name:<28}{app:>10.2f}{raw:>10.2f}{ratio:>8.2f}  {'ok' if ratio <= limit else 'OVER'}")
    return ok


def paired_medians(
    app: Callable[[], Any], raw: Callable[[], Any], runs: int = 60, warmup: int = 3
) -> tuple[float, float, float, float]:
    """Median wall and CPU milliseconds of `app` and `raw`, run alternately so load hits both alike.

    Returns (app wall, raw wall, app CPU, raw CPU). CPU time is this thread's (user + system): on a
    busy machine it is the work done, where wall time also counts waiting for a core, which costs a
    long call more often than a short one.
    """
    for _ in range(warmup):
        app()
        raw()
    samples: dict[str, list[float]] = {"app": [], "raw": [], "app_cpu": [], "raw_cpu": []}
    for number in range(runs):
        order = (("app", app), ("raw", raw)) if number % 2 == 0 else (("raw", raw), ("app", app))
        for name, function in order:
            cpu, started = time.thread_time(), time.perf_counter()
            function()
            samples[name].append((time.perf_counter() - started) * 1000)
            samples[f"{name}_cpu"].append((time.thread_time() - cpu) * 1000)
    return (
        statistics.median(samples["app"]),
        statistics.median(samples["raw"]),
        statistics.median(samples["app_cpu"]),
        statistics.median(samples["raw_cpu"]),
    )
