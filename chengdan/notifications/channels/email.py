"""E-mail over SMTP with Django's SMTP backend: subject, plain text and HTML, Message-ID from the key.

The server comes from CHENGDAN_EMAIL_HOST / _PORT / _HOST_USER / _HOST_PASSWORD / _USE_TLS / _USE_SSL and
CHENGDAN_DEFAULT_FROM_EMAIL when set, otherwise from Django's EMAIL_* and DEFAULT_FROM_EMAIL settings.
"""

import os
import smtplib
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from chengdan.notifications.channels.base import ChannelError, OutboundMessage

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
TIMEOUT_SECONDS = 20
MESSAGE_ID_DOMAIN = "notifications.chengdan"


@dataclass(frozen=True)
class SmtpSettings:
    """Where e-mail goes out (the password never leaves the server)."""

    host: str
    port: int
    username: str
    password: str
    use_tls: bool
    use_ssl: bool
    from_email: str


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def smtp_settings() -> SmtpSettings:
    """The SMTP server: environment first, then Django settings."""
    return SmtpSettings(
        host=os.environ.get("CHENGDAN_EMAIL_HOST") or settings.EMAIL_HOST,
        port=int(os.environ.get("CHENGDAN_EMAIL_PORT") or settings.EMAIL_PORT),
        username=os.environ.get("CHENGDAN_EMAIL_HOST_USER") or settings.EMAIL_HOST_USER,
        password=os.environ.get("CHENGDAN_EMAIL_HOST_PASSWORD") or settings.EMAIL_HOST_PASSWORD,
        use_tls=_env_bool("CHENGDAN_EMAIL_USE_TLS", settings.EMAIL_USE_TLS),
        use_ssl=_env_bool("CHENGDAN_EMAIL_USE_SSL", settings.EMAIL_USE_SSL),
        from_email=os.environ.get("CHENGDAN_DEFAULT_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL,
    )


def message_id(idempotency_key: str) -> str:
    """The RFC 5322 Message-ID of a delivery: the same on every attempt, so receivers drop a repeat."""
    return f"<{idempotency_key}@{MESSAGE_ID_DOMAIN}>"


def render_html(message: OutboundMessage) -> str:
    """The HTML part: title, body paragraphs and the link."""
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in message.body.splitlines() if line.strip())
    link = f'<p><a href="{escape(message.link)}">{escape(message.link)}</a></p>' if message.link else ""
    return f"<html><body><h3>{escape(message.title)}</h3>{paragraphs}{link}</body></html>"


class SmtpEmail:
    """Sends through Django's SMTP backend (never the test or console backends)."""

    def __init__(self, config: SmtpSettings | None = None) -> None:
        self.config = config or smtp_settings()

    def send(self, message: OutboundMessage) -> str:
        if not message.email:
            raise ChannelError("recipient has no e-mail address", permanent=True)
        config = self.config
        connection = get_connection(
            SMTP_BACKEND,
            host=config.host,
            port=config.port,
            username=config.username or None,
            password=config.password or None,
            use_tls=config.use_tls,
            use_ssl=config.use_ssl,
            timeout=TIMEOUT_SECONDS,
            fail_silently=False,
        )
        email = EmailMultiAlternatives(
            subject=message.title,
            body=message.text(),
            from_email=config.from_email,
            to=[message.email],
            connection=connection,
            headers={"Message-ID": message_id(message.idempotency_key)},
        )
        email.attach_alternative(message.html or render_html(message), "text/html")
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:
            raise ChannelError(f"SMTP refused the recipient: {error.recipients}", permanent=True) from error
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelError(f"SMTP: {error}") from error
        return message_id(message.idempotency_key)
