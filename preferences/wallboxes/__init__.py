"""Wallboxes, the fourth kind of device: registered with the device-kind registry (kind.py), with Charge now
(that can also be stopped) as a control of their own (intents.py, handlers.py, actions.py, cards.py). The
smart-optimization switch, pause for a while and reconnect are the ones every kind shares (devices/)."""
