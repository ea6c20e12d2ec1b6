"""The set-password link's token: Django's password-reset token with its own salt and lifetime.

It is single use as a reset link is: its hash covers the password and the last sign-in, which setting a password
changes. Where Django only says "invalid", `problem` tells the customer why: already used, or expired.
"""

from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class Problem(StrEnum):
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


class InvitationTokens(PasswordResetTokenGenerator):
    key_salt = "preferences.invitations.InvitationTokens"

    def check_token(self, user: Any, token: str | None) -> bool:
        return self.problem(user, token) is None

    def problem(self, user: Any, token: str | None) -> Problem | None:
        """None when `token` lets `user` set a password now; otherwise why not."""
        if not (user and token):
            return Problem.INVALID
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return Problem.INVALID
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in secrets
        ):
            # The token was right when it was made, unless forged: a password set since is the usual reason.
            return Problem.USED if user.has_usable_password() else Problem.INVALID
        if self._num_seconds(self._now()) - timestamp > settings.INVITATION_DAYS * 86400:
            return Problem.EXPIRED
        return None


invitation_tokens = InvitationTokens()
