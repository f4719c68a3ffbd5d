"""Demo data of the notifications app (escalations, missing episodes), added by `seed_demo`."""

from datetime import date


def seed(*, today: date) -> str:
    """Add this app's demo records; return a line for seed_demo's summary ("" for none)."""
    return ""
