"""The audit trail: recording a change around its one Podero call, one write per intent, undo, and the history
lines homeowners and staff read."""
