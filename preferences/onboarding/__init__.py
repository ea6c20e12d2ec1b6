"""Adding a device through Podero's Connect UI (podero-api.md §9.3)."""
