"""The registry of notification kinds: other apps declare theirs (label, default channels) in `ready()`."""

from dataclasses import dataclass

from chengdan.notifications.choices import Channel

DIGEST_KIND = "notifications.digest"


@dataclass(frozen=True)
class Kind:
    """A kind of notification users choose channels for; `default_channels` apply until they do."""

    code: str
    label_zh: str
    label_en: str
    default_channels: tuple[str, ...] = (Channel.IN_APP,)
    is_registered: bool = True
    # False for the app's own kinds whose channels follow from something else (the digest).
    is_configurable: bool = True


_kinds: dict[str, Kind] = {}


def register_kind(
    code: str,
    label_zh: str,
    label_en: str,
    default_channels: tuple[str, ...] | list[str] = (Channel.IN_APP,),
    *,
    is_configurable: bool = True,
) -> Kind:
    """Declare a kind (idempotent: re-registering replaces the labels and defaults)."""
    unknown = set(default_channels) - set(Channel.values)
    if unknown:
        raise ValueError(f"unknown channels for kind {code!r}: {sorted(unknown)}")
    channels = tuple(dict.fromkeys([Channel.IN_APP, *default_channels]))
    kind = Kind(code, label_zh, label_en, channels, is_configurable=is_configurable)
    _kinds[code] = kind
    return kind


def get_kind(code: str) -> Kind:
    """The registered kind, or an in-app-only stand-in for a kind nobody declared."""
    return _kinds.get(code) or Kind(code=code, label_zh=code, label_en=code, is_registered=False)


def all_kinds() -> list[Kind]:
    """Every registered kind, by code."""
    return [_kinds[code] for code in sorted(_kinds)]


def configurable_kinds() -> list[Kind]:
    """The kinds users choose channels and the digest for."""
    return [kind for kind in all_kinds() if kind.is_configurable]


def is_registered(code: str) -> bool:
    """Whether an app declared this kind."""
    return code in _kinds
