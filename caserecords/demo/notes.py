"""Contact notes for the demo: one function per kind of contact, filled from the case.

Each returns the observation's fields, its participants and agreed actions, in
the shape `services.observation_create` takes. Facts and analysis stay apart,
and the child's views are quoted in their own words.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.text import capfirst

from ..models import ChildSeen, ObservationKind
from . import text


@dataclass
class Kid:
    first_name: str
    age: int | None  # None: unborn
    sex: str = "U"

    @property
    def band(self) -> str:
        if self.age is None:
            return "unborn"
        return "infant" if self.age < 4 else "young" if self.age < 12 else "teen"


@dataclass
class CaseContext:
    """What the notes of one case (a child, or siblings together) are written from."""

    theme: text.Theme
    kids: list[Kid]
    ctx: dict[str, str]
    looked_after: bool = False
    pros: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def fill(self, template: str, **extra: str) -> str:
        return template.format_map({**self.ctx, **extra})

    @property
    def seeable(self) -> list[Kid]:
        return [kid for kid in self.kids if kid.age is not None]

    @property
    def unborn(self) -> bool:
        return not self.seeable


def names(kids: list[Kid]) -> str:
    first = [kid.first_name for kid in kids]
    return first[0] if len(first) == 1 else ", ".join(first[:-1]) + " and " + first[-1]


Note = dict[str, Any]
CATEGORY_WORDS = {"NEG": "neglect", "EMO": "emotional abuse", "PHY": "physical abuse"}


def _pro(case: CaseContext, key: str) -> dict[str, str]:
    name, title, agency = case.pros[key]
    return {"name": name, "title": title, "agency": agency}


def _carer(case: CaseContext) -> dict[str, str]:
    return {"name": case.ctx["carer_full"], "title": case.ctx["carer_role"], "agency": ""}


def _views(case: CaseContext, rng: random.Random, kids: list[Kid] | None = None) -> str:
    """Each child's own words (or, for a baby, what was observed), one paragraph each."""
    lines, used = [], set()
    for kid in case.seeable if kids is None else kids:
        if case.looked_after and kid.band != "infant":
            pool = text.CARE_VIEWS["teen" if kid.band == "teen" else "young"]
        elif kid.band == "teen" and case.theme.views:
            pool = case.theme.views
        elif kid.band == "young":
            pool = text.VIEWS["young"] + case.theme.young_views
        else:
            pool = text.VIEWS[kid.band]
        fresh = [view for view in pool if view not in used] or list(pool)
        view = rng.choice(fresh)
        used.add(view)
        quote = case.fill(view, name=kid.first_name)
        lines.append(quote if kid.band == "infant" else f'{kid.first_name} said: "{quote}"')
    return "\n\n".join(lines)


def _action(case, description, owner, day, working_days=10) -> dict[str, Any]:
    return {
        "description": case.fill(description),
        "owner": case.fill(owner),
        "due_date": day + timedelta(days=working_days * 7 // 5),
    }


def home_visit(case: CaseContext, rng: random.Random, day: date, statutory: bool) -> Note:
    theme = case.theme
    if case.unborn:  # a pre-birth visit to the mother
        return prebirth_visit(case, rng, day)
    older = [kid for kid in case.seeable if kid.band != "infant"]
    if older:
        seen = case.fill(rng.choice(text.SEEN_ALONE), names=names(older))
    else:
        seen = case.fill("I saw {names} with {carer}; {name} is too young to be seen alone.")
    facts = " ".join(
        [
            case.fill(rng.choice(text.VISIT_OPENINGS)),
            seen,
            *(capfirst(case.fill(fact)) for fact in rng.sample(theme.facts, 2)),
        ]
    )
    label = "Statutory child protection visit" if statutory else "Home visit"
    how = f"{names(older)} seen alone" if older else "{names} seen"
    actions = [_action(case, theme.action, "{carer}", day)] if rng.random() < 0.4 else []
    return {
        "data": {
            "kind": ObservationKind.HOME_VISIT,
            "location": case.fill("Family home, {address}"),
            "summary": case.fill(f"{label}: {how}; {rng.choice(_PROGRESS)}"),
            "child_seen": ChildSeen.SEEN_ALONE if older else ChildSeen.SEEN,
            "child_views": _views(case, rng),
            "facts": facts,
            "analysis": case.fill(rng.choice(theme.analysis)),
        },
        "participants": [_carer(case)],
        "actions": actions,
    }


_PROGRESS = (
    "home conditions improved",
    "some progress on the plan",
    "no change since the last visit",
    "children well presented",
    "new worries discussed with carer",
)


def prebirth_visit(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.HOME_VISIT,
            "location": case.fill("Family home, {address}"),
            "summary": case.fill("Pre-birth assessment visit with {carer}"),
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": "",
            "facts": case.fill(
                "Announced visit for the pre-birth assessment. {carer} is "
                + rng.choice(["28", "31", "33", "35"])
                + " weeks pregnant and has been to every antenatal appointment since the "
                "referral, which the midwife confirms. We talked about her own childhood and "
                "her plans for the baby's sleeping arrangements. The Moses basket and a new "
                "mattress were in the bedroom. " + rng.choice(case.theme.facts)
            ),
            "analysis": case.fill(
                "{carer} is open about the past concerns and is preparing for the baby. Whether "
                "she can keep the baby safe, given "
                + case.theme.concern
                + ", is not yet shown by what she does, only by what she says; the assessment "
                "needs evidence of change over time."
            ),
        },
        "participants": [_carer(case)],
        "actions": [
            _action(
                case,
                "Share the birth plan with the hospital safeguarding midwife",
                "{worker}",
                day,
                5,
            )
        ],
    }


def school_visit(case: CaseContext, rng: random.Random, day: date) -> Note:
    pupils = [kid for kid in case.seeable if kid.band != "infant"]
    if not pupils:
        return phone_call(case, rng, day)
    attendance = rng.choice(["82%", "89%", "91%", "95%", "97%"])
    return {
        "data": {
            "kind": ObservationKind.SCHOOL_VISIT,
            "location": case.fill("{school}, the learning mentor's room"),
            "summary": case.fill(f"Seen at school; attendance this term {attendance}"),
            "child_seen": ChildSeen.SEEN_ALONE,
            "child_views": _views(case, rng, pupils),
            "facts": case.fill(
                f"I met {names(pupils)} at school, alone, during the morning break. "
                f"Attendance this term is {attendance}. {{dsl_name}} (designated safeguarding "
                "lead) said "
                + rng.choice(
                    [
                        "there have been no concerns since the last meeting and homework is "
                        "being handed in.",
                        "{name} had been tired and tearful on Monday and Tuesday but was "
                        "brighter by the end of the week.",
                        "{name} has had two detentions for talking back to staff, which is "
                        "unusual.",
                    ]
                )
            ),
            "analysis": case.fill(
                rng.choice(
                    [
                        "School is a safe place for {name} and staff know the plan well. The "
                        "good attendance reflects the work {carer} has put in.",
                        "The change in {name}'s behaviour may be linked to events at home. I "
                        "will ask about this at my next home visit, not put it to {carer} as a "
                        "fact.",
                    ]
                )
            ),
        },
        "participants": [_pro(case, "dsl")],
        "actions": [],
    }


def phone_call(case: CaseContext, rng: random.Random, day: date) -> Note:
    key = rng.choice(["hv", "gp", "carer"] if not case.looked_after else ["foster", "carer"])
    if key == "carer":
        who = short = case.ctx["carer"]
        person = _carer(case)
    elif key == "foster":
        who = short = case.ctx["foster"]
        person = {"name": who, "title": "Foster carers", "agency": "Hallowfield Fostering"}
    else:
        person = _pro(case, key)
        who, short = f"{person['name']} ({person['title'].lower()})", person["name"]
    subject = rng.choice(
        [
            "to arrange the next visit and ask how the week had gone",
            "about the appointment that was missed on Tuesday",
            "to share the date of the next meeting and check that it suits",
        ]
    )
    return {
        "data": {
            "kind": ObservationKind.PHONE_CALL,
            "location": "Telephone call from the office",
            "summary": f"Phone call with {who}",
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": "",
            "facts": case.fill(
                f"I phoned {who} {subject}. {short} "
                + rng.choice(
                    [
                        "said things have been settled and there is nothing new to report.",
                        "said the appointment was missed because the bus did not come; it "
                        "has been rebooked for next Thursday at 10:00.",
                        "told me that {name} had a cold and was off school for two days."
                        if case.seeable
                        else "said the antenatal scan went well and the baby is growing as "
                        "expected.",
                    ]
                )
            ),
            "analysis": "Information only; no change to the plan.",
        },
        "participants": [person],
        "actions": [],
    }


def strategy_discussion(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.STRATEGY_DISCUSSION,
            "location": "Strategy discussion by video call, chaired by the team leader",
            "summary": "Strategy discussion: threshold met for a section 47 enquiry",
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": "",
            "facts": case.fill(
                "Strategy discussion held because {referral}. Police: DC {police_name} shared "
                "two previous call-outs to the address in the last year. "
                + (
                    "Health: {hv_name} (midwife) said {carer} missed two antenatal "
                    "appointments before the referral and has attended since."
                    if case.unborn
                    else "Health: {hv_name} said the children's health appointments are up to "
                    "date. School: {dsl_name} said {name} has been quiet and withdrawn this "
                    "month."
                ),
                referral=case.fill(case.ctx.get("referral") or case.theme.referral),
            ),
            "analysis": case.fill(
                "All agencies agreed that there is reasonable cause to suspect that {names} "
                "may be suffering significant harm from "
                + case.theme.concern
                + ". A single-agency section 47 enquiry by children's social care, with police "
                "sharing information, is proportionate."
            ),
            "safeguarding": True,
            "significant": True,
        },
        "participants": [_pro(case, "police"), _pro(case, "hv")]
        + ([] if case.unborn else [_pro(case, "dsl")]),
        "actions": [
            _action(
                case,
                "Visit {carer} today" if case.unborn else "Visit and see {names} alone today",
                "{worker}",
                day,
                1,
            ),
            _action(
                case, "Check police systems for the partner's history", "{police_name}", day, 1
            ),
        ],
    }


def conference(
    case: CaseContext, rng: random.Random, day: date, review: bool, ended: bool = False
) -> Note:
    which = "Review" if review else "Initial"
    outcome = (
        "the plan ended; {names} stepped down to a child in need plan."
        if ended
        else "the plan continues under the same category."
        if review
        else "{names} became subject to {cp_plans} under the category of "
        + CATEGORY_WORDS[case.theme.cp_category]
        + "."
    )
    return {
        "data": {
            "kind": ObservationKind.CP_CONFERENCE,
            "location": "Hallowfield Civic Centre, conference room 2",
            "summary": case.fill(f"{which} child protection conference: {outcome}"),
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": case.fill(
                "{names}'s views were shared from my direct work (the three houses), "
                "with their agreement."
            )
            if case.seeable
            else "",
            "facts": case.fill(
                "Present: {carer}, {chair_name} (chair), {hv_name} (health), "
                + ("" if case.unborn else "{dsl_name} (school), ")
                + "DC {police_name} (police) and me. I presented the social work report, "
                "which had been shared with {carer} three days before. {carer} said she "
                "understood the worries but felt the report did not describe the progress she "
                "has made."
            ),
            "analysis": case.fill(
                "The conference agreed that {names} would be at risk of significant harm from "
                + case.theme.concern
                + " without a plan. The plan is clear about what has to change and by when."
            ),
            "detailed": True,
            "significant": True,
        },
        "participants": [_carer(case), _pro(case, "chair"), _pro(case, "hv")]
        + ([] if case.unborn else [_pro(case, "dsl")]),
        "actions": [
            _action(case, "Hold the first core group", "{worker}", day, 10),
            _action(case, case.theme.action, "{carer}", day, 30),
        ],
    }


def core_group(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.CORE_GROUP,
            "location": case.fill("{school}, meeting room"),
            "summary": "Core group: plan reviewed, " + rng.choice(["progress", "mixed progress"]),
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": "",
            "facts": case.fill(
                "Core group with {carer}, {dsl_name} (school) and {hv_name} (health). We went "
                "through each action in the plan. " + rng.choice(case.theme.facts)
            ),
            "analysis": case.fill(rng.choice(case.theme.analysis)),
        },
        "participants": [_carer(case), _pro(case, "dsl"), _pro(case, "hv")],
        "actions": [_action(case, case.theme.action, "{carer}", day, 20)],
    }


def review_meeting(case: CaseContext, rng: random.Random, day: date) -> Note:
    """A child in need review, or a looked-after review chaired by the IRO."""
    if case.looked_after:
        summary = "Looked-after review chaired by the IRO: care plan endorsed"
        facts = (
            "Review chaired by {iro_name}. {foster} and {carer} attended. {name} chose to "
            "meet the IRO alone beforehand. Health, education and family time were reviewed; "
            + rng.choice(text.CARE_FACTS)
        )
        people = [_pro(case, "iro"), _carer(case)]
    else:
        summary = "Child in need review: plan continues"
        facts = (
            "Child in need review with {carer} and {dsl_name} (school). School said {name} is "
            "settled in class and attendance is "
            + rng.choice(["92%", "95%", "88%"])
            + ". We went through the plan: most actions are done; '"
            + case.theme.action.lower()
            + "' is still in progress."
        )
        people = [_carer(case), _pro(case, "dsl")]
    return {
        "data": {
            "kind": ObservationKind.MEETING,
            "location": case.fill(
                "{school}, meeting room"
                if not case.looked_after
                else "Hallowfield Civic Centre, review room"
            ),
            "summary": summary,
            "child_seen": ChildSeen.SEEN if case.seeable else ChildSeen.NOT_APPLICABLE,
            "child_views": _views(case, rng),
            "facts": case.fill(facts),
            "analysis": case.fill(
                rng.choice(text.CARE_ANALYSIS if case.looked_after else case.theme.analysis)
            ),
            "significant": case.looked_after,
        },
        "participants": people,
        "actions": [_action(case, "Send the review record to everyone present", "{worker}", day)],
    }


def placement_visit(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.HOME_VISIT,
            "location": case.fill("Foster home of {foster}"),
            "summary": case.fill("Statutory visit in placement: {names} seen alone"),
            "child_seen": ChildSeen.SEEN_ALONE,
            "child_views": _views(case, rng),
            "facts": " ".join(
                [
                    case.fill("I saw {names} alone in their bedroom, then spoke with {foster}."),
                    *(capfirst(case.fill(fact)) for fact in rng.sample(text.CARE_FACTS, 2)),
                ]
            ),
            "analysis": case.fill(rng.choice(text.CARE_ANALYSIS)),
        },
        "participants": [
            {
                "name": case.ctx["foster"],
                "title": "Foster carers",
                "agency": "Hallowfield Fostering",
            }
        ],
        "actions": [],
    }


def significant_event(case: CaseContext, rng: random.Random, day: date) -> Note:
    theme = case.theme
    by_police = theme.event_by_police or case.looked_after
    if case.looked_after:
        summary = "{name} missing from placement overnight; returned safe"
        facts = (
            "{foster} reported {name} missing when {name} did not come home by the agreed "
            "time. Police were told. {name} came back the next morning and said they had "
            "stayed at a friend's house. A return home interview was offered."
        )
    else:
        summary, facts = theme.event_summary, theme.event_facts
    return {
        "data": {
            "kind": ObservationKind.OTHER,
            "location": "Information from the police and the family"
            if by_police
            else "Information from the family",
            "summary": case.fill(summary),
            "child_seen": ChildSeen.NOT_SEEN,
            "child_views": "",
            "facts": case.fill(facts),
            "analysis": case.fill(
                "This is a significant event for the plan. The team leader has been told and "
                "the case will be discussed in supervision this week."
            ),
            "safeguarding": True,
            "significant": True,
        },
        "participants": [_pro(case, "police") if by_police else _carer(case)],
        "actions": [_action(case, "Discuss the incident in supervision", "{worker}", day, 2)],
    }


def no_access(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.NO_ACCESS,
            "location": case.fill("Family home, {address}"),
            "summary": "No access: no answer at the planned home visit",
            "child_seen": ChildSeen.NOT_SEEN,
            "child_views": "",
            "facts": case.fill(
                "Planned visit, confirmed by text the day before. No answer at the door; the "
                "curtains were closed. I rang {carer} twice with no answer and left a "
                "calling card."
            ),
            "analysis": "One missed visit is not in itself a concern, but the children must be "
            "seen within the plan's timescale: visit again within two working days.",
        },
        "participants": [],
        "actions": [_action(case, "Unannounced visit to see the children", "{worker}", day, 2)],
    }


def supervision(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.SUPERVISION,
            "location": "Team office, supervision",
            "summary": case.fill("Case discussed in supervision with {worker}"),
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": "",
            "facts": case.fill(
                "{worker} summarised the last month: visits are up to date and the plan's "
                'actions are mostly complete. From the last visit: "{fact}"',
                fact=case.fill(rng.choice(case.theme.facts)),
            ),
            "analysis": case.fill(
                "Management decision: the plan continues. {worker} to "
                + (
                    "finish the pre-birth assessment with a clear view of the baby's safety "
                    "after the birth."
                    if case.unborn
                    else "focus on the children's own experience in the next visits, using "
                    "direct work tools."
                )
            ),
        },
        "participants": [{"name": case.ctx["worker"], "title": "Social worker", "agency": ""}],
        "actions": [
            _action(
                case,
                "Finish the pre-birth assessment" if case.unborn else "Direct work with {name}",
                "{worker}",
                day,
                10,
            )
        ],
    }


def file_read(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.FILE_READ,
            "location": "Electronic file",
            "summary": "Team leader file read: recording up to date",
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": "",
            "facts": "Read the chronology, the last three visit records and the current plan.",
            "analysis": rng.choice(
                [
                    "Recording is timely and separates fact from opinion well. The child's "
                    "voice is clear in the visit records.",
                    "Visits are on time. The analysis in the last two visits repeats the facts; "
                    "discussed with the worker, who will say what the facts mean for the child.",
                ]
            ),
        },
        "participants": [],
        "actions": [],
    }


def court_statement(case: CaseContext, rng: random.Random, day: date) -> Note:
    return {
        "data": {
            "kind": ObservationKind.OTHER,
            "location": "Family Court, Hallowfield",
            "summary": "Interim care order hearing: order made; placed in foster care",
            "child_seen": ChildSeen.NOT_APPLICABLE,
            "child_views": "",
            "facts": case.fill(
                "The court made an interim care order. {carer} was represented and did not "
                "oppose the order. {name} moved to the foster home of {foster} the same evening, "
                "with their belongings and favourite toys."
            ),
            "analysis": case.fill(
                "Removal was necessary because the harm from "
                + case.theme.concern
                + " could not be managed at home. {name} will need support with the move and "
                "with family time."
            ),
            "detailed": True,
            "significant": True,
        },
        "participants": [_carer(case)],
        "actions": [_action(case, "First placement visit within a week", "{worker}", day, 5)],
    }


NOTES: dict[str, Callable[..., Note]] = {
    "visit": lambda case, rng, day: home_visit(case, rng, day, statutory=False),
    "cp_visit": lambda case, rng, day: home_visit(case, rng, day, statutory=True),
    "placement_visit": placement_visit,
    "school": school_visit,
    "phone": phone_call,
    "strategy": strategy_discussion,
    "icpc": lambda case, rng, day: conference(case, rng, day, review=False),
    "rcpc": lambda case, rng, day: conference(case, rng, day, review=True),
    "rcpc_end": lambda case, rng, day: conference(case, rng, day, review=True, ended=True),
    "core_group": core_group,
    "review": review_meeting,
    "event": significant_event,
    "no_access": no_access,
    "supervision": supervision,
    "file_read": file_read,
    "court": court_statement,
}
