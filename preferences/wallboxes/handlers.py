"""The handlers of the wallbox's own intents (intents.py): Charge now, and stopping it. The homeowner's view and
the admin both call them; each answers in its own way, and says Podero's failures (notes.EXPLAINED) in plain
words."""

from preferences.devices import notes
from preferences.devices.notes import Note
from preferences.intents import Answer, Ask
from preferences.wallboxes import actions, words


def charge_now(ask: Ask) -> Answer:
    result = actions.charge_now(wallbox=ask.device, actor=ask.actor, now=ask.now, reason=ask.reason)
    sentence = Note(result.said.sentence, "warn" if result.said.is_refusal else "ok")
    # Started or armed: the card's status sentence is the one confirmation, with its Stop button.
    said_by_the_card = result.said in (words.ChargeNowSaid.STARTED, words.ChargeNowSaid.ARMED)
    return Answer(
        note=None if said_by_the_card else sentence,
        alone=sentence,
        known={"state": result.state, "change": result.change},
    )


def stop_charging(ask: Ask) -> Answer:
    result = actions.stop_charging(wallbox=ask.device, actor=ask.actor, now=ask.now, reason=ask.reason)
    return Answer(note=notes.done(ask.intent), known={"change": result.change})
