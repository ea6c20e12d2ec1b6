"""Why a sign-in with the energy company's account was refused: one code per cause, logged as it is, and the
sentences the refusal page says (in the person's language). Nothing here holds a token or a claim's value
beyond the customer number the person typed at the provider."""

import logging
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("preferences.signin")


@dataclass(frozen=True)
class Words:
    status: int
    title: Promise
    text: Promise
    contact: Promise | None = None  # whom to contact and why, where starting again cannot help


TRY_AGAIN = _("Please start again. If it keeps happening, contact customer service.")
ASK_SERVICE = _("Please contact your energy company's customer service.")
ASK_TO_REGISTER = _(
    "Please contact your energy company's customer service: they can register your customer number for this "
    "portal."
)
_NOT_VERIFIED = Words(
    400,
    _("Sign-in could not be verified"),
    _(
        "Your energy company's sign-in service sent an answer we could not verify, so you are not signed in. "
        "Nothing was changed."
    ),
)
WORDS: dict[str, Words] = {
    "state": Words(
        400,
        _("This sign-in has expired"),
        _("This sign-in was not started on this page, or it took too long, so you are not signed in."),
    ),
    "cancelled": Words(
        400, _("Sign-in was cancelled"), _("The sign-in at your energy company was cancelled or refused.")
    ),
    "signature": _NOT_VERIFIED,
    "nonce": _NOT_VERIFIED,
    "audience": _NOT_VERIFIED,
    "issuer": _NOT_VERIFIED,
    "expired": Words(
        400,
        _("Sign-in could not be verified"),
        _(
            "The answer from your energy company's sign-in service had already expired, so you are not signed in."
        ),
    ),
    "refused": _NOT_VERIFIED,
    "missing_claim": Words(
        400,
        _("Your customer number is missing"),
        _(
            "Your energy company's account did not tell us your customer number, so we cannot find your devices. "
            "Nothing was set up."
        ),
        contact=ASK_SERVICE,
    ),
    "odd_claim": Words(
        400,
        _("Your customer number could not be read"),
        _(
            "Your energy company's account sent a customer number we cannot read, so we cannot find your devices. "
            "Nothing was set up."
        ),
        contact=ASK_SERVICE,
    ),
    "unknown_customer": Words(
        404,
        _("We don't know this customer number yet"),
        _(
            "You signed in with customer number %(customer_number)s, but no devices are registered for it here "
            "yet. Nothing was set up."
        ),
        contact=ASK_TO_REGISTER,
    ),
    "account_taken": Words(
        409,
        _("This email address already has an account"),
        _(
            "An account with the email address of your customer number exists already and belongs to someone "
            "else's devices, so we did not set up a second one."
        ),
        contact=ASK_SERVICE,
    ),
    "switched_off": Words(
        403,
        _("This account is switched off"),
        _("Customer service has switched off the portal account of your customer number."),
        contact=ASK_SERVICE,
    ),
    "podero_down": Words(
        503,
        _("Your devices cannot be reached right now"),
        _(
            "The service that manages your devices did not answer, so we could not finish your sign-in. Nothing "
            "was set up. Please try again in a few minutes."
        ),
    ),
    "provider_down": Words(
        503,
        _("The sign-in service cannot be reached"),
        _("Your energy company's sign-in service did not answer. Please try again in a few minutes."),
    ),
}


class SignInProblem(Exception):
    """A refused sign-in. `code` is a key of WORDS; `detail` goes to the log only."""

    def __init__(self, code: str, detail: str = "", *, customer_number: str = "") -> None:
        super().__init__(code, detail)
        self.code = code if code in WORDS else "refused"
        self.detail = detail
        self.customer_number = customer_number

    @property
    def words(self) -> Words:
        return WORDS[self.code]

    def log(self) -> None:
        logger.warning("Sign-in refused (%s): %s", self.code, self.detail or "no detail")
