"""Optimistic concurrency: an update names the version it read, or it is refused with 409."""

from typing import TypeVar

from django.db import models

from chengdan.core.errors import StaleVersionError
from chengdan.core.models import VersionedModel

V = TypeVar("V", bound=VersionedModel)


def lock_for_update(model: type[V], pk: object, expected_version: int | None, base: models.QuerySet[V]) -> V:
    """Lock the row (already scoped by `base`) and check its version; raise 409 when stale."""
    record = base.select_for_update().get(pk=pk)
    if expected_version is not None and record.version != expected_version:
        raise StaleVersionError(record)
    return record


def bump_version(record: VersionedModel) -> None:
    """Mark one accepted update; call before `save()`."""
    record.version += 1
