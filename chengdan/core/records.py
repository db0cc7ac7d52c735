"""How the API renders a record for a given actor; used for 409 answers carrying the current row."""

from collections.abc import Callable
from typing import Any

Renderer = Callable[[Any, Any], dict[str, Any]]
_renderers: dict[type, Renderer] = {}


def register_renderer(model: type, renderer: Renderer) -> None:
    """Declare how records of `model` are shown to an actor (with field rules applied)."""
    _renderers[model] = renderer


def render_for(actor: Any, record: Any) -> dict[str, Any] | None:
    """The actor's view of a record, or None when no renderer is known."""
    renderer = _renderers.get(type(record))
    return renderer(actor, record) if renderer else None
