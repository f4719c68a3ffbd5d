"""Demo data of the absence app, added by `seed_demo` after the children's records."""

from datetime import date


def seed(*, today: date) -> str:
    """Add this app's demo records; return a line for seed_demo's summary ("" for none)."""
    return ""
