from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "preferences"
    verbose_name = "Homeowners and preferences"

    def ready(self) -> None:
        # Each concept registers its intents (intents.py) and the device-page parts it shows (devices/pages.py).
        from preferences.alerts import signals as alert_signals
        from preferences.charging import cards as charging_cards
        from preferences.charging import intents as charging_intents
        from preferences.devices import cards as device_cards
        from preferences.devices import intents as device_intents
        from preferences.insights import ahead_card
        from preferences.insights import cards as insight_cards
        from preferences.wallboxes import cards as wallbox_cards
        from preferences.wallboxes import kind as wallbox_kind

        del wallbox_cards, wallbox_kind  # the fourth kind: its entry in the registry, its intents, its part
        del (
            alert_signals,
            charging_cards,
            charging_intents,
            device_cards,
            device_intents,
            insight_cards,
            ahead_card,
        )
