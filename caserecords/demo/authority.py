"""The demo authority: its services, teams, staff, and the mix of cases in every team.

Invented, like everything in the demo: the names belong to no real person.
"""

from dataclasses import dataclass

from staff.models import Role

SEED = 2026
CHILD_ID_PREFIX = "DM"
# Contacts are written for the last ten weeks of each file (more makes seeding slow).
WINDOW_DAYS = 70

SW, TL = Role.SOCIAL_WORKER, Role.TEAM_LEADER
SERVICES = {"sas": "Safeguarding and Support", "cic": "Children in Care"}
TEAMS = {
    "A": ("Safeguarding Team North", "sas"),
    "B": ("Safeguarding Team South", "sas"),
    "C": ("Children in Care Team East", "cic"),
    "D": ("Children in Care Team West", "cic"),
}
# username, first name, last name, role, team, service (for those without a team), job title
STAFF = [
    ("worker", "Wendy", "Walker", SW, "A", None, "Social worker"),
    ("worker2", "Colin", "Clarke", SW, "A", None, "Senior social worker"),
    ("sam.patel", "Sam", "Patel", SW, "A", None, "Newly qualified social worker"),
    ("teamleader", "Tara", "Lewis", TL, "A", None, "Team leader"),
    ("julie.marsh", "Julie", "Marsh", Role.BUSINESS_SUPPORT, "A", None, "Business support"),
    ("hannah.price", "Hannah", "Price", SW, "B", None, "Senior social worker"),
    ("jamal.hussain", "Jamal", "Hussain", SW, "B", None, "Social worker"),
    ("emma.stone", "Emma", "Stone", SW, "B", None, "Social worker (left the authority)"),
    ("marcus.bell", "Marcus", "Bell", TL, "B", None, "Team leader"),
    ("otherworker", "Omar", "Okafor", SW, "C", None, "Social worker"),
    ("laura.bennett", "Laura", "Bennett", SW, "C", None, "Senior social worker"),
    ("ravi.chandra", "Ravi", "Chandra", SW, "C", None, "Social worker"),
    ("rachel.evans", "Rachel", "Evans", TL, "C", None, "Team leader"),
    ("kwame.asante", "Kwame", "Asante", SW, "D", None, "Senior social worker"),
    ("chloe.ashton", "Chloe", "Ashton", SW, "D", None, "Social worker"),
    ("megan.doyle", "Megan", "Doyle", SW, "D", None, "Social worker"),
    ("daniel.hart", "Daniel", "Hart", TL, "D", None, "Team leader"),
    ("pgl", "Priya", "Gill", Role.PRACTICE_GROUP_LEAD, None, "sas", "Practice group lead"),
    ("headofservice", "Helen", "Shaw", Role.HEAD_OF_SERVICE, None, "sas", "Head of service"),
    ("peter.lloyd", "Peter", "Lloyd", Role.PRACTICE_GROUP_LEAD, None, "cic", "Practice group lead"),
    ("nadia.rahman", "Nadia", "Rahman", Role.HEAD_OF_SERVICE, None, "cic", "Head of service"),
    ("director", "David", "Reid", Role.DIRECTOR, None, None, "Director of Children's Services"),
    ("auditor", "Alison", "Turner", Role.AUDITOR, None, None, "Quality assurance manager"),
    ("admin", "Adam", "Mills", Role.ADMINISTRATOR, None, None, "System administrator"),
]
# Each team's social workers by slot. Team B's slot 2 leaves; her cases are reallocated.
SLOTS = {
    "A": ["worker", "worker2", "sam.patel"],
    "B": ["hannah.price", "jamal.hussain", "emma.stone"],
    "C": ["otherworker", "laura.bennett", "ravi.chandra"],
    "D": ["kwame.asante", "chloe.ashton", "megan.doyle"],
}
LEAVER = "emma.stone"
# The family on a child protection plan in each team.
FAMILY_THEME = {
    "A": "neglect",
    "B": "domestic_abuse",
    "C": "substance_misuse",
    "D": "mental_health",
}
FAMILY_SIZE = {"A": 3, "B": 2, "C": 3, "D": 2}


@dataclass(frozen=True)
class UnitSpec:
    """One case: a child, or siblings sharing a plan, held by the team's worker in `slot`."""

    scenario: str
    theme: str
    children: int
    slot: int


# The same mix in every team: children in need, on child protection plans, looked after.
TEAM_UNITS = [
    UnitSpec("cp", "", 0, 0),  # the family: FAMILY_THEME and FAMILY_SIZE
    UnitSpec("cin", "mental_health", 2, 1),
    UnitSpec("stepdown", "domestic_abuse", 1, 1),
    UnitSpec("cin", "disability", 1, 2),
    UnitSpec("cin", "exploitation", 1, 1),
    UnitSpec("cp", "physical_harm", 1, 2),
    UnitSpec("unborn", "substance_misuse", 1, 0),
    UnitSpec("lac_s20", "neglect", 1, 2),
    UnitSpec("lac_pair", "substance_misuse", 2, 1),
    UnitSpec("lac_c1", "domestic_abuse", 1, 0),
    UnitSpec("assessment", "neglect", 1, 2),
]
CLOSED_UNITS = {
    "A": UnitSpec("closed_assessment", "neglect", 1, 1),
    "B": UnitSpec("closed_cin", "mental_health", 2, 1),
    "C": UnitSpec("closed_sgo", "substance_misuse", 1, 1),
}
AGES = {  # the eldest child's age range
    "cp": (6, 11),
    "cin": (7, 13),
    "exploitation": (14, 16),
    "stepdown": (5, 11),
    "lac_s20": (13, 16),
    "lac_pair": (5, 9),
    "lac_c1": (1, 8),
    "assessment": (3, 12),
}
