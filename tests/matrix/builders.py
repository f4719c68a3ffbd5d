"""Builders for the routes the apps above caserecords added: each makes, through the app's
own services, a realistic object on (or about) one target child or member of staff, with a
SECRET-<target> marker in a text field so a list that shows it is caught."""

from datetime import timedelta
from typing import Any

from absence import services as absence_services
from audits import sampling
from audits.quarters import Quarter
from caserecords import services
from notifications import missing
from sharing import services as sharing_services
from sharing.models import SharingAmendment, SharingType
from tests.audits.checklist import load_checklist
from tests.escalations.conftest import CAT_A, looked_after, raise_concern
from tests.sharing.conftest import answers


def _sharing(scene, target: str, *, complete: bool = False):
    made, _away = sharing_services.sharing_record_create(
        user=scene.actors[target],
        type=SharingType.DISCLOSURE,
        children=[scene.children[target]],
        data=answers(
            occurred_at=scene.now - timedelta(hours=2),
            information_shared=f"SECRET-{target}-shared",
            consent_given_by=f"The parent of the {target} child",  # no other child's name
        ),
        complete=complete,
    )
    return made


def sharing_record(scene, target: str):
    return _sharing(scene, target)


def sharing_completed(scene, target: str):
    return _sharing(scene, target, complete=True)


def sharing_amendment(scene, target: str) -> SharingAmendment:
    record = _sharing(scene, target, complete=True)
    return sharing_services.sharing_amendment_request(
        record=record,
        user=scene.actors[target],
        reason=f"SECRET-{target}-amend",
        changes={"outcome": "The school will attend the review."},
    )


def escalation(scene, target: str):
    child = scene.children[target]
    looked_after(child, scene.actors[target])
    return raise_concern(
        scene.actors[target],
        child=child,
        code=CAT_A,
        at=scene.now - timedelta(hours=1),
        nature_of_concern=f"SECRET-{target}-concern",
    )


def missing_episode(scene, target: str):
    return missing.missing_episode_record(
        user=scene.actors[target],
        child=scene.children[target],
        missing_from=scene.now - timedelta(hours=3),
        circumstances=f"SECRET-{target}-missing",
    )


def approval(scene, target: str):
    return services.approval_submit(
        child=scene.children[target],
        user=scene.actors[target],
        kind="assessment",
        data={"note": f"SECRET-{target}-assessment"},
    ).approval


def file_read(scene, target: str):
    return services.file_read_record(
        child=scene.children[target],
        user=scene.managers[target],
        purpose="review",
        what_was_read=f"SECRET-{target}-read",
    )


def absence(scene, target: str):
    if target not in scene.staff:
        return None  # an absence is a member of staff's, not a child's
    person = scene.staff[target]
    return absence_services.absence_create(
        user=person,
        recorded_by=person,
        starts_on=scene.now.date(),
        ends_on=scene.now.date() + timedelta(days=2),
        planned=False,
        kind="sickness",
        message=f"ABSENCE-{target}",  # a colleague's, not a child's
        cover=scene.managers[target],  # team B has no team leader to cover by default
    ).absence


def supervision(scene, target: str):
    if target != "own":
        return None  # a team leader supervises their own team's workers
    return services.supervision_record(
        supervisor=scene.managers[target],
        worker=scene.holders[target],
        held_at=scene.now - timedelta(hours=4),
        cases=[
            {
                "child": scene.children[target],
                "discussion": f"SECRET-{target}-supervision",
                "decisions": "Visit weekly.",
            }
        ],
    )


def audit_sample(scene, target: str):
    """The sample drawn on the target child's file, drawing the quarter's sample once."""
    if "audit:draw" not in scene.made:
        load_checklist()
        today = scene.now.date()
        quarter = Quarter(today.year, (today.month - 1) // 3 + 1)
        scene.made["audit:draw"] = sampling.audit_draw(quarter=quarter, seed=7).draw
    draw = scene.made["audit:draw"]
    return draw.samples.filter(child=scene.children[target]).first()


def everything(scene, makers: dict[str, Any]) -> None:
    """Make one of each object for every target, so a list has something to leak."""
    for name, make in makers.items():
        for target in scene.children:
            key = f"{name}:{target}"
            if key not in scene.made:
                scene.made[key] = make(scene, target)
