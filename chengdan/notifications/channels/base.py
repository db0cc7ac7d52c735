"""The provider interface every channel adapter implements, and the message it sends."""

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class OutboundMessage:
    """One message to one person: the text every channel can show, plus who to reach and how.

    `idempotency_key` is the same on every attempt of one delivery.
    """

    title: str
    body: str
    link: str
    idempotency_key: str
    email: str = ""
    mobile: str = ""
    display_name: str = ""
    html: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """Title, body and link as plain text."""
        return "\n".join(part for part in (self.title, self.body, self.link) if part)


class ChannelError(Exception):
    """A send that did not go through; `permanent` ones are not retried (bad secret, no address).

    `vendor_code` is the provider's own error code when it answered with one.
    """

    def __init__(self, message: str, *, permanent: bool = False, vendor_code: str = "") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.vendor_code = vendor_code


class Provider(Protocol):
    """Sends one message over one channel; raises ChannelError on failure, returns the vendor's id if any."""

    def send(self, message: OutboundMessage) -> str: ...
