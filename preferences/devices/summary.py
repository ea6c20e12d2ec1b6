"""A device's card: its facts in the homeowner's words, on My devices, as its page's "Right now" and as its panel
in the admin."""

import functools
from uuid import UUID

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from preferences import podero
from preferences.devices import kinds, words
from preferences.devices.words import DeviceCard, Fact


def device_card(state: podero.DeviceState) -> DeviceCard:
    """A device's facts in the homeowner's words: its kind's key state first, then what its kind adds."""
    kind = kinds.get(state.kind)
    connection, connection_level = words.connection_label(state)
    active = state.is_smart_optimization_active
    status = kind.key_state(state)
    labels = words.card_labels()
    facts = [
        Fact(
            labels.smart_charging if kind.charging else labels.smart_optimization,
            labels.on if active else labels.off if kind.charging else labels.paused,
            "ok" if active else "warn",
            False,
        ),
        Fact(labels.connection, connection, connection_level),
        Fact(labels.now, status, on_device_page=False),
        *kind.extra_facts(state),
    ]
    return DeviceCard(
        name=kinds.device_name(state),
        kind_label=str(kind.name),
        url=device_url(kind.slug, state.id),
        facts=facts,
        attention=words.attention(state),
        updated_at=state.current_state_last_updated_at,
        needs_reconnect=state.needs_reconnect,
        status=status,
    )


def device_url(kind_slug: str, device_id: UUID) -> str:
    """The device page's URL: `reverse` once per kind, then the id put in (My devices links every card)."""
    pattern = _device_url_pattern(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, kind_slug)
    return pattern.replace(str(_PLACEHOLDER_ID), str(device_id))


_PLACEHOLDER_ID = UUID(int=0)


@functools.lru_cache(maxsize=64)
def _device_url_pattern(script_prefix: str, urlconf: str, kind_slug: str) -> str:
    return reverse("preferences:device", urlconf=urlconf, args=[kind_slug, _PLACEHOLDER_ID])
