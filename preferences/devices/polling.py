"""A part of a page that asks again while Podero is still busy (a boost being started, podero-api.md §5.4) backs off
and then stops: every open page polling every 3 s without end would add up to more calls than the partner may make.

The poll's number travels in its own URL (`?part=boost&poll=N`): no state is kept anywhere. After the last delay the
part stops asking and says so; reloading the page starts again. What the polls read is cached for a moment
(devices/cache.py, SETTLING_FRESH_SECONDS), so many pages polling one car make one call to Podero.
"""

from dataclasses import dataclass

# Seconds before each next poll: 172 s in all, then the part stops asking.
DELAYS = (3, 3, 5, 8, 13, 20, 30, 30, 30, 30)


@dataclass(frozen=True)
class Poll:
    """The next poll: its number (for its URL) and how long to wait for it; `delay` None when polling has stopped."""

    number: int
    delay: int | None


def next_poll(asked: str) -> Poll:
    """The poll after the one asked for (`asked` is the `poll` query value: empty or junk on the first)."""
    number = min(int(asked), len(DELAYS)) + 1 if asked.isdigit() else 0
    return Poll(number=number, delay=DELAYS[number] if number < len(DELAYS) else None)
