"""The handlers of the intents every kind shares (intents.py): the smart-optimization switch, a pause for a while,
and reconnecting. The homeowner's view and the admin both call them; each answers in its own way, and says
Podero's failures a handler lets through (notes.EXPLAINED) in plain words."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from preferences import podero
from preferences.audit.record import Result
from preferences.devices import actions, notes, reads, timed_pause, words
from preferences.devices.forms import OptimizationLevelForm
from preferences.devices.notes import Note
from preferences.intents import Answer, Ask
from preferences.models import Device, TimedPause


def pause(ask: Ask) -> Answer:
    return _switch(ask, enabled=False)


def resume(ask: Ask) -> Answer:
    return _switch(ask, enabled=True)


def _switch(ask: Ask, *, enabled: bool) -> Answer:
    try:
        if enabled:
            # Switched back on by hand: no resume is due, and the pause controls no longer say until when.
            result, ended_pause = timed_pause.resume_by_hand(
                device=ask.device, actor=ask.actor, now=ask.now, reason=ask.reason
            )
        else:
            result = actions.pause_optimization(
                device=ask.device, actor=ask.actor, now=ask.now, reason=ask.reason
            )
            ended_pause = False
    except notes.EXPLAINED as exc:
        return Answer(failure=exc)
    if enabled and _lapsed(ask, result.state):
        # Podero took the switch, but cannot steer a device it cannot reach at its manufacturer: say so, and
        # offer what helps (Reconnect), not an Undo of a change that does nothing yet.
        return Answer(
            note=Note(str(LAPSED_ON), "warn", reconnect=True),
            alone=Note(str(LAPSED_ON_FOR_STAFF), "warn"),
            known={"state": result.state, "change": result.change},
            along=("pause",) if ended_pause else (),
        )
    return Answer(
        note=notes.done(ask.intent),
        undo=result.change,
        known={"state": result.state, "change": result.change},
        along=("pause",) if ended_pause else (),
    )


def set_level(ask: Ask) -> Answer:
    """A heat pump's savings level: one PUT of `optimization_level` (podero-api.md §4.3), undoable."""
    form = OptimizationLevelForm(ask.data, auto_id=ask.auto_id("level"))
    if not all([form.is_valid(), ask.ready]):
        return Answer(forms={"level_form": form}, status=422)
    level = form.chosen()
    try:
        before = podero.OptimizationLevel.read(
            getattr(reads.live_device(ask.device), "optimization_level", None)
        )
    except podero.PoderoError:
        before = None  # not known: the change is made, but offers no undo
    try:
        result = actions.set_optimization_level(
            device=ask.device, level=level, before=before, actor=ask.actor, now=ask.now, reason=ask.reason
        )
    except notes.EXPLAINED as exc:
        return Answer(forms={"level_form": form}, failure=exc)
    return Answer(
        note=Note(words.level_set(level)),
        undo=result.change,
        known={"state": result.state, "change": result.change},
    )


LAPSED_ON = gettext_lazy(
    "Smart optimization is switched on, but the connection to the manufacturer has lapsed, so Podero cannot "
    "steer this device yet. Reconnect it first: you sign in with your manufacturer account once more."
)

LAPSED_ON_FOR_STAFF = gettext_lazy(
    "Smart optimization is switched on, but the connection to the manufacturer has lapsed, so Podero cannot "
    "steer this device until the homeowner reconnects it. Create a link to reconnect and send it to them."
)


def _lapsed(ask: Ask, state: podero.DeviceState | None) -> bool:
    """Whether the device's manufacturer connection has lapsed, as Podero's answer to the write (or, without
    one, its last known state) says."""
    if state is None:
        try:
            state = reads.live_device(ask.device)
        except podero.PoderoError:
            return False
    return state.needs_reconnect


def pause_for_a_while(ask: Ask) -> Answer:
    length = ask.data.get("length", "")
    if length not in TimedPause.Length.values:
        return Answer(note=Note(_("Choose how long to pause for."), "bad"))
    try:
        pause = timed_pause.start_pause(
            device=ask.device, length=length, actor=ask.actor, now=ask.now, reason=ask.reason
        )
    except notes.EXPLAINED as exc:
        # Beside the pause buttons, naming the pause that did not happen; the buttons stay to try again.
        failed = notes.failure_note(exc)
        return Answer(note=Note(f"{words.PAUSE_FAILED[length]} {failed.text}", failed.level))
    return Answer(note=Note(words.pause_sentence(pause)))


def end_pause(ask: Ask) -> Answer:
    """ "Resume now": the pause ends early; what Podero refuses now the worker keeps trying."""
    pause = timed_pause.active_pause(ask.device)
    if pause is not None and not timed_pause.resume_now(
        pause=pause, actor=ask.actor, now=ask.now, reason=ask.reason
    ):
        return Answer(
            note=Note(
                _(
                    "We couldn't reach your device's service right now. We will keep trying to switch it back on."
                ),
                "warn",
            )
        )
    return Answer(note=notes.done(ask.intent))


def reconnect(ask: Ask) -> Answer:
    """A new sign-in at the manufacturer (podero-api.md §9.4): the answer's `leave_to` is where to sign in. The
    manufacturer sends the homeowner back to one of the portal's two return pages, which say what happened. A
    device whose actions hold a reauthenticate cue goes through it (heat pumps document no auth_session); the
    return pages then carry the cue's id, to report the outcome."""
    cue = reconnect_cue(ask.device)
    try:
        result = _start_reconnect(ask, cue)
    except podero.cues.CueGone as exc:
        return Answer(failure=exc, note=Note(str(CUE_NO_LONGER_OPEN), "bad"))
    except podero.PoderoRefused as exc:
        if exc.status == 405:
            # Podero offers no sign-in from a partner's portal for this device: trying again would not help.
            return Answer(failure=exc, note=Note(str(NO_RECONNECT_HERE), "bad"))
        if isinstance(exc, podero.cues.CueRefused):
            return Answer(failure=exc, note=Note(str(CUE_REFUSED), "bad"))
        raise
    return Answer(leave_to=result.state, known={"change": result.change})


NO_RECONNECT_HERE = gettext_lazy(
    "Podero does not offer reconnecting this device from here. Nothing was changed. Please reconnect it in the "
    "manufacturer's app, or contact customer service."
)
CUE_NO_LONGER_OPEN = gettext_lazy(
    "Podero no longer has this reconnection open. Nothing was changed. Reload the device's page: it shows "
    "whether the device still needs reconnecting."
)
CUE_REFUSED = gettext_lazy(
    "Podero did not accept this reconnection just now; its link may have expired. Nothing was changed. Reload "
    "the device's page and try again."
)


def reconnect_cue(device: Device) -> podero.cues.Cue | None:
    """The device's reauthenticate cue, as Podero lists it now; None without one (or when Podero cannot say:
    then the reconnect goes through auth_session, and its failure is explained)."""
    try:
        return reads.live_device(device).cues.reconnect
    except podero.PoderoError:
        return None


def _start_reconnect(ask: Ask, cue: podero.cues.Cue | None) -> Result[str]:
    args = [ask.device.kind, ask.device.podero_id]
    done = reverse("preferences:reconnect-done", args=args)
    cancelled = reverse("preferences:reconnect-cancelled", args=args)
    if cue is not None:
        done, cancelled = (f"{url}?{urlencode({'cue': cue.id})}" for url in (done, cancelled))
    return actions.start_reconnect(
        device=ask.device,
        success_url=ask.absolute_uri(done),
        cancel_url=ask.absolute_uri(cancelled),
        actor=ask.actor,
        now=ask.now,
        reason=ask.reason,
        cue=cue,
        language=(get_language() or "")[:2],
    )
