"""What smart optimization did: savings, charging sessions and the month's total, read from Podero."""
