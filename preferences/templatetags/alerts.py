"""`{% needs_you homeowner %}`: the "Needs you" list on My devices (its own include, so other parts of the page
change without touching it); `{% alert_words alert as said %}`: an alert in the current language."""

from typing import Any

from django import template

from preferences.alerts import actions
from preferences.alerts.models import Alert
from preferences.alerts.words import AlertWords, words_for
from preferences.models import Homeowner

register = template.Library()


@register.inclusion_tag("preferences/alerts/needs_you.html", takes_context=True)
def needs_you(context: template.Context, homeowner: Homeowner) -> dict[str, Any]:
    # The login's own query says whether any alert is open (accounts.LoginWithHomeowner): if none, no query.
    open_ = getattr(homeowner, "alerts_open", True)
    alerts = actions.needing_the_homeowner(homeowner) if open_ else []
    return {"alerts": alerts, "csrf_token": context.get("csrf_token")}


@register.simple_tag
def alert_words(alert: Alert) -> AlertWords:
    return words_for(alert)
