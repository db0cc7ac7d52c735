"""Optimistic concurrency: an update names the version it read, or it is refused with 409.

The check lives in `access.engine.get_visible(..., for_update=True, version=...)`, which locks the
row inside the actor's scope before comparing.
"""

from chengdan.core.models import VersionedModel


def bump_version(record: VersionedModel) -> None:
    """Mark one accepted update; call before `save()`."""
    record.version += 1
