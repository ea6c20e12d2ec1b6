"""The homeowner's alert pages: dismiss one from the "Needs you" list, and choose which kinds to hear of.

Each alert is found through the logged-in homeowner (another's is a 404). Dismissing answers an htmx request with
the list alone, and a plain form post with a redirect to My devices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preferences.alerts import actions
from preferences.alerts.forms import AlertSettingsForm
from preferences.alerts.models import Alert
from preferences.devices import reads
from preferences.devices.responses import PortalRequest


@require_POST
@login_required
def dismiss(request: PortalRequest, alert_id: int) -> HttpResponse:
    homeowner = reads.homeowner_of(request.user)
    alert = Alert.objects.filter(pk=alert_id, homeowner=homeowner).first()
    if alert is None:
        raise Http404
    actions.dismiss(alert=alert, now=timezone.now())
    if request.htmx:
        context = {"alerts": actions.needing_the_homeowner(homeowner), "dismissed": True}
        return render(request, "preferences/alerts/needs_you.html", context)
    messages.info(request, _("Alert dismissed."))
    return redirect("preferences:dashboard")


@login_required
def alert_settings(request: PortalRequest) -> HttpResponse:
    homeowner = reads.homeowner_of(request.user)
    prefs = actions.preferences_of(homeowner)
    if request.method == "POST":
        form = AlertSettingsForm(request.POST)
        if form.is_valid():
            actions.save_preferences(
                homeowner=homeowner, heard=form.cleaned_data["heard"], language=form.cleaned_data["language"]
            )
            messages.success(request, _("Alert settings saved."))
            return redirect("preferences:alerts")
        return render(request, "preferences/alerts/settings.html", {"form": form}, status=422)
    heard = [kind for kind in Alert.Kind.values if kind not in prefs.muted]
    form = AlertSettingsForm(initial={"heard": heard, "language": prefs.language})
    return render(request, "preferences/alerts/settings.html", {"form": form})
