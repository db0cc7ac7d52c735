"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port), recording every accepted message.

Like a receiving mail store, it keeps one copy per Message-ID: a retry of a message whose answer was lost
is accepted at the SMTP level and not stored twice.
"""

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpRecorder:
    """The aiosmtpd handler: stores messages by Message-ID; `refuse` answers every RCPT with 550."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    attempts: int = 0
    refuse: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.attempts += 1
            seen = {message["Message-ID"] for message in self.messages}
            if parsed["Message-ID"] not in seen:
                self.messages.append(parsed)
                self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """A running server: where to connect and what it received."""

    host: str
    port: int
    recorder: SmtpRecorder

    @property
    def messages(self) -> list[EmailMessage]:
        return self.recorder.messages

    def settings(self) -> dict[str, Any]:
        """Django settings that point the SMTP backend here."""
        return {
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "DEFAULT_FROM_EMAIL": "crm@chengdan.test",
        }


@contextlib.contextmanager
def running_smtp_server() -> Iterator[SmtpServer]:
    """Start aiosmtpd on a free loopback port for the duration of the block."""
    recorder = SmtpRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, recorder)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A running SMTP server, with Django's EMAIL_* settings pointed at it."""
    with running_smtp_server() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server
