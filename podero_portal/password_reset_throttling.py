"""Password-reset mails, throttled per address and per client, counted in the shared cache (every app server).

Each mail takes one of a fixed number of slots, each held for an hour (`cache.add` is atomic on every cache
backend), so at most that many mails go out in any hour. The address is counted whether or not an account uses
it, and the refusal reads the same either way: it never tells whether the address exists.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from podero_portal.login_throttling import client_ip
from podero_portal.redis_cache import CacheUnavailable

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600


def take_slot(scope: str, who: str, *, limit: int) -> bool:
    """Claim one of `limit` slots for `who` in the past hour; False when all are taken. While the shared cache is
    down nobody is kept from resetting a password (the login throttle, in the database, still holds)."""
    digest = hashlib.sha256(who.encode()).hexdigest()
    try:
        return any(
            cache.add(f"password-reset:{scope}:{digest}:{slot}", 1, timeout=WINDOW_SECONDS)
            for slot in range(limit)
        )
    except CacheUnavailable:
        logger.warning("Password-reset mails are not throttled while the shared cache is down")
        return True


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address = form.cleaned_data["email"].strip().lower()
        if not take_slot("client", client_ip(self.request), limit=settings.PASSWORD_RESET_MAILS_PER_CLIENT):
            form.add_error(
                None, _("Too many password resets were asked for from here. Please try again in an hour.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not take_slot("address", address, limit=settings.PASSWORD_RESET_MAILS_PER_ADDRESS):
            form.add_error(
                None,
                _(
                    "Several links for this address were asked for in the last hour, so no more are sent for now. "
                    "If an account uses it, please check its inbox and spam folder, or try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
