"""Devices: which devices a homeowner has, what Podero says about them, the device page, and the writes every
kind shares (the smart-optimization switch, a pause for a while, reconnecting)."""
