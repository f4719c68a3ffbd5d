"""The demo authority: invented staff, teams and about sixty children's files.

`python manage.py seed_demo` calls `build()` once per database; `present()`
tells whether it has run, `conflicts()` what stands in its way.
"""

from staff.models import Service, Team, User

from ..models import Child
from .authority import CHILD_ID_PREFIX, SERVICES, STAFF, TEAMS
from .builder import DemoSummary, build

DEFAULT_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the demo, never production
MARKER_USERNAME = "worker"

__all__ = ["DEFAULT_PASSWORD", "DemoSummary", "build", "conflicts", "demo_users", "present"]


def present() -> bool:
    """Whether the demo authority has been built (its `worker` exists)."""
    return User.objects.filter(username=MARKER_USERNAME).exists()


def conflicts() -> list[str]:
    """Existing rows that the demo would collide with, described for the person running it."""
    found = []
    usernames = [row[0] for row in STAFF]
    if taken := list(
        User.objects.filter(username__in=usernames).values_list("username", flat=True)
    ):
        found.append(f"users {', '.join(sorted(taken))}")
    if taken := list(
        Service.objects.filter(name__in=SERVICES.values()).values_list("name", flat=True)
    ):
        found.append(f"services {', '.join(sorted(taken))}")
    teams = [name for name, _service in TEAMS.values()]
    if taken := list(Team.objects.filter(name__in=teams).values_list("name", flat=True)):
        found.append(f"teams {', '.join(sorted(taken))}")
    if Child.objects.filter(la_child_id__startswith=CHILD_ID_PREFIX).exists():
        found.append(f"children with identifiers starting {CHILD_ID_PREFIX}")
    return found


def demo_users() -> list[User]:
    """The demo's staff in the order the command lists them."""
    by_name = User.objects.select_related("team", "service").in_bulk(
        [row[0] for row in STAFF], field_name="username"
    )
    return [by_name[row[0]] for row in STAFF if row[0] in by_name]
