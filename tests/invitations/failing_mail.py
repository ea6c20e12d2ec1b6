"""A mail server that refuses every message: the mail boundary, faked the way the sandbox fakes Podero's."""

import smtplib
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("the mail server closed the connection")
