"""A real Dovecot IMAP server for tests: started per test on a free loopback port, fed by IMAP APPEND.

Needs the Debian package dovecot-imapd. Without it the tests skip, unless CHENGDAN_REQUIRE_IMAP=1
(CI), where a missing server is a failure. The system's dovecot service and /etc/dovecot are never
used: the server reads only the temporary configuration written here.
"""

import contextlib
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest

USERNAME = "sales"
PASSWORD = "Imap-Passw0rd"
START_TIMEOUT = 15.0

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = chengdan-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {root}/dovecot.log
mail_location = maildir:~/Maildir
first_valid_uid = 1
{process_users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
service imap-login {{
  {login_chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  {anvil_chroot}
}}
"""


@dataclass
class ImapServer:
    """A running Dovecot with one test user; `deliver` puts a message into a folder over IMAP."""

    host: str
    port: int
    username: str
    password: str
    root: Path

    def connect(self) -> imaplib.IMAP4:
        """A signed-in IMAP connection."""
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(self.username, self.password)
        return client

    def deliver(self, message: EmailMessage | bytes, folder: str = "INBOX") -> None:
        """Append one message to `folder` (created when missing)."""
        raw = message if isinstance(message, bytes) else message.as_bytes()
        client = self.connect()
        try:
            if folder.upper() != "INBOX":
                client.create(folder)
            status, _ = client.append(folder, None, None, raw)
            assert status == "OK", status
        finally:
            client.logout()

    def recreate_folder(self, folder: str) -> None:
        """Delete and create `folder` again: the server gives it a new UIDVALIDITY."""
        client = self.connect()
        try:
            client.delete(folder)
            client.create(folder)
        finally:
            client.logout()

    def uid_validity(self, folder: str) -> int:
        """The folder's current UIDVALIDITY as the server reports it."""
        client = self.connect()
        try:
            client.select(folder, readonly=True)
            _, values = client.response("UIDVALIDITY")
            return int(values[0])
        finally:
            client.logout()

    def log(self) -> str:
        """The server's log (for assertion messages)."""
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def dovecot_binary() -> str | None:
    """The dovecot executable (it lives in /usr/sbin, outside a normal user's PATH)."""
    return shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _mail_account() -> tuple[int, int, str]:
    """Whose files the mail processes use, and the process-user lines of the configuration.

    Dovecot refuses mail access as uid 0, so under root (CI) mail belongs to `nobody` and the
    helper processes keep the package's own users; a normal user runs everything as themselves.
    """
    if os.geteuid() == 0:
        try:
            nobody = pwd.getpwnam("nobody")
            return nobody.pw_uid, nobody.pw_gid, ""
        except KeyError:
            return 65534, 65534, ""
    me = pwd.getpwuid(os.geteuid())
    lines = f"default_login_user = {me.pw_name}\ndefault_internal_user = {me.pw_name}\n"
    return me.pw_uid, me.pw_gid, lines


def _wait_for_port(process: subprocess.Popen[bytes], port: int, root: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited with {process.returncode}: {(root / 'dovecot.log').read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            if conn.recv(64).startswith(b"* OK"):
                return
        time.sleep(0.05)
    raise RuntimeError(f"dovecot did not listen on {port} within {START_TIMEOUT}s")


@contextlib.contextmanager
def running_dovecot(binary: str) -> Iterator[ImapServer]:
    """Start Dovecot with a throw-away configuration and mail store; stop it and remove everything after."""
    # Not under pytest's tmp_path: its parents are private to the user, and mail runs as another uid under root.
    root = Path(tempfile.mkdtemp(prefix="chengdan-imap-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        root.chmod(0o755)
        uid, gid, process_users = _mail_account()
        home = root / "mail" / USERNAME
        for path in (root / "run", root / "state", home):
            path.mkdir(parents=True)
        for path in (root / "mail", home):
            os.chown(path, uid, gid)
        (root / "passwd").write_text(f"{USERNAME}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{home}::\n")
        port = _free_port()
        is_root = os.geteuid() == 0
        config = CONFIG.format(
            root=root,
            port=port,
            process_users=process_users,
            # chroot needs root; a normal user's login processes run unconfined.
            login_chroot="" if is_root else "chroot =",
            anvil_chroot="" if is_root else "chroot =",
        )
        (root / "dovecot.conf").write_text(config)
        process = subprocess.Popen(
            [binary, "-F", "-c", str(root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        _wait_for_port(process, port, root)
        yield ImapServer("127.0.0.1", port, USERNAME, PASSWORD, root)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap_server() -> Iterator[ImapServer]:
    """A fresh Dovecot for one test; skipped without dovecot unless CHENGDAN_REQUIRE_IMAP=1."""
    binary = dovecot_binary()
    if binary is None:
        if os.environ.get("CHENGDAN_REQUIRE_IMAP") == "1":
            pytest.fail("dovecot is not installed (apt-get install dovecot-imapd) and CHENGDAN_REQUIRE_IMAP=1")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    with running_dovecot(binary) as server:
        yield server
