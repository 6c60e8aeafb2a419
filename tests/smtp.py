"""A real SMTP server for tests and the alerts benchmark: aiosmtpd on a free loopback port,
keeping what it receives and refusing the addresses it is told to."""

import asyncio
import logging
import threading
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

REFUSED = "550 5.1.1 No such mailbox here"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return self.message["Subject"]

    def body(self, subtype: str = "plain") -> str:
        return self.message.get_body(preferencelist=(subtype,)).get_content()


class Mailbox:
    """The server's handler. `refuse` maps an address to the answer its RCPT gets."""

    def __init__(self, *, keep: bool = True, delay: float = 0):
        self.keep = keep
        self.delay = delay  # seconds each message takes, like a real server's work
        self.refuse: dict[str, str] = {}
        self.received: list[Received] = []
        self.recipients: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.port = 0

    @property
    def url(self) -> str:
        """EMAIL_URL for a process that should send here."""
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.recipients.update(address.lower() for address in envelope.rcpt_tos)
            if self.keep:
                message = message_from_bytes(envelope.original_content, policy=policy.default)
                self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [mail for mail in self.received if address.lower() in map(str.lower, mail.rcpt_tos)]

    def clear(self):
        with self.lock:
            self.received.clear()
            self.recipients.clear()


class SMTPServer(Controller):
    """Listens on 127.0.0.1 on a port the system picks (port 0), so runs never collide."""

    def __init__(self, mailbox: Mailbox):
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        super().__init__(mailbox, hostname="127.0.0.1", port=0)

    def _trigger_server(self):
        # The port the system gave, before the controller connects to check the server is up.
        self.port = self.handler.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()
