"""The permission matrix: one declaration per endpoint, run as every persona.

Adding an endpoint means adding one `Endpoint(...)` to `ENDPOINTS` in
chengdan/tests/test_permission_matrix.py; a test fails while any OpenAPI operation lacks one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chengdan.testing.org import PERSONAS, Org

Resolver = Callable[[Org], Any]


@dataclass(frozen=True)
class Endpoint:
    """One operation: how to call it and the status each persona must get."""

    method: str
    path: str
    expect: dict[str, int]
    params: dict[str, Resolver] = field(default_factory=dict)
    body: Callable[[Org], dict[str, Any]] | None = None
    multipart: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """The (METHOD, path template) this declaration covers."""
        return self.method.upper(), self.path.split("?")[0]

    def url(self, org: Org) -> str:
        """The concrete URL for this organisation."""
        return self.path.format(**{name: resolve(org) for name, resolve in self.params.items()})


def statuses(default: int, anonymous: int = 401, **overrides: int) -> dict[str, int]:
    """Expected statuses: `default` for every signed-in persona unless overridden."""
    result = {persona: default for persona in PERSONAS}
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


def only(allowed: dict[str, int], denied: int, anonymous: int = 401) -> dict[str, int]:
    """Expected statuses: the listed personas get their status, every other one `denied`."""
    result = {persona: denied for persona in PERSONAS}
    result["anonymous"] = anonymous
    result.update(allowed)
    return result
