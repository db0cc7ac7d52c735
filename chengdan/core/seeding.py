"""A registry of the default data apps seed, so test fixtures can restore it after a table flush."""

from collections.abc import Callable

_seeders: list[Callable[[], None]] = []


def register_seeder(seeder: Callable[[], None]) -> None:
    """Declare a function that creates an app's default rows (idempotent; never overwrites edits)."""
    if seeder not in _seeders:
        _seeders.append(seeder)


def run_seeders() -> None:
    """Create every app's default rows that are missing."""
    for seeder in _seeders:
        seeder()
