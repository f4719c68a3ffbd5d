"""The authorization matrix: every URL and API route, for every role, against a child of
the person's own team, a child of another team and a restricted child, and anonymous.

Routes are enumerated from the URL resolver (pages and API alike) and cross-checked
against the OpenAPI schema: a new endpoint fails `test_every_url_is_in_the_matrix` until
it is listed in ROUTES with how to build its arguments, so nothing is added unguarded.

The expected answer of each cell comes from the need-to-know rules written out here, not
from `access.py`: someone who may not see a child gets 404 for the child and for
anything on its file, whatever the method; a person who may see it never gets 404 or a
server error; anonymous callers are sent to sign in (pages) or get 401 (API).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from caserecords import access, services
from caserecords.models import AccessGrant, AccessReason, AmendmentRequest
from notifications.services import notify
from staff.models import Role
from tests.escalations.conftest import tasks_in_process  # noqa: F401 - autouse: emails in-process
from tests.factories import ChildFactory, ObservationFactory, UserFactory
from tests.matrix import builders

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 18, 11, 0, tzinfo=LONDON)

PERSONAS = (
    "worker",
    "colleague",
    "teamleader",
    "pgl",
    "headofservice",
    "director",
    "auditor",
    "administrator",
    "otherworker",
)
# Who may see each target child, by the rules (DESIGN.md "Access"; seed 003 App. 3).
SEES = {
    "own": {"worker", "colleague", "teamleader", "pgl", "headofservice", "director"},
    "other": {"otherworker", "director"},
    "restricted": {"headofservice"},
}


@dataclass
class Scene:
    people: dict[str, Any]
    children: dict[str, Any]
    holders: dict[str, Any]  # the worker holding each target child
    actors: dict[str, Any]  # who records on each target child (sees it and may record)
    managers: dict[str, Any]  # a manager of each target child (file reads, supervision)
    staff: dict[str, Any]  # a member of own team / another team (absences, profiles)
    now: datetime = NOW
    made: dict[str, Any] = field(default_factory=dict)


Build = Callable[[Scene, str], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    """How to call a route: `kind` says which cells apply, `build` makes its arguments."""

    kind: str  # "child": a child's record; "staff": a colleague's; "public"; "signed_in";
    # "recipient"; "team"; "break_glass"
    build: Build | None = None
    # Who may open it, by target, where narrower than seeing the child (default SEES).
    sees: dict[str, set[str]] | None = None


# Builders: the arguments of a route for one target child ------------------------------


def child_pk(scene: Scene, target: str) -> dict[str, Any]:
    return {"pk": scene.children[target].pk}


def staff_pk(scene: Scene, target: str) -> dict[str, Any]:
    return {"pk": scene.staff[target].pk}


def _cached(name: str, make: Callable[[Scene, str], Any], **extra: str) -> Build:
    MAKERS[name] = make

    def build(scene: Scene, target: str) -> dict[str, Any] | None:
        key = f"{name}:{target}"
        if key not in scene.made:
            scene.made[key] = make(scene, target)
        made = scene.made[key]
        return None if made is None else {"pk": made.pk, **extra}

    return build


def _with(build: Build, **extra: str) -> Build:
    return lambda scene, target: {**build(scene, target), **extra}


# Every object a builder makes, by name: lists are checked with all of them in place.
MAKERS: dict[str, Callable[[Scene, str], Any]] = {}


def _observation(scene: Scene, target: str):
    return ObservationFactory(
        child=scene.children[target],
        author=scene.holders[target],
        summary=f"SECRET-{target}",
        occurred_at=NOW - timedelta(days=1),
    )


def _completed(scene: Scene, target: str):
    observation = ObservationFactory(
        child=scene.children[target],
        author=scene.holders[target],
        summary=f"SECRET-{target}-done",
        occurred_at=NOW - timedelta(days=1),
    )
    return services.observation_complete(
        observation=observation, user=scene.holders[target], late_reason="Matrix"
    )


def _amendment(scene: Scene, target: str) -> AmendmentRequest:
    observation = _completed(scene, target)
    return AmendmentRequest.objects.create(
        observation=observation,
        kind="amend",
        reason="Typo",
        changes={"location": "Kitchen"},
        requested_by=scene.people["teamleader"],
    )


def _document(scene: Scene, target: str):
    return services.document_upload(
        child=scene.children[target],
        user=scene.holders[target],
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"x" * 2000),
        document_type="safety_plan",
        title=f"SECRET-{target}-document",
        document_date=date(2026, 11, 2),
        copy_given_to_family=False,
    )


def _planned(scene: Scene, target: str):
    return services.planned_contact_create(
        user=scene.holders[target],
        child=scene.children[target],
        kind="home_visit",
        planned_for=NOW + timedelta(days=2),
    )


observation_pk = _cached("observation", _observation)
completed_pk = _cached("completed", _completed)
amendment_pk = _cached("amendment", _amendment)
document_pk = _cached("document", _document)
planned_pk = _cached("planned", _planned)
sharing_pk = _cached("sharing", builders.sharing_record)
sharing_completed_pk = _cached("sharing_completed", builders.sharing_completed)
sharing_amendment_pk = _cached("sharing_amendment", builders.sharing_amendment)
escalation_pk = _cached("escalation", builders.escalation)
missing_pk = _cached("missing", builders.missing_episode)
approval_pk = _cached("approval", builders.approval)
absence_pk = _cached("absence", builders.absence)
supervision_pk = _cached("supervision", builders.supervision)
sample_pk = _cached("sample", builders.audit_sample)
MAKERS["file_read"] = builders.file_read

# Who may open each kind of object, where narrower than seeing the child: written out from
# the rules of each issue, not from the apps' queries.
ALL_STAFF_SEE = {"director", "administrator"}
# A colleague's absence and profile: their team, the managers above it, the director.
STAFF_SEES = {
    "own": {"worker", "colleague", "teamleader", "pgl", "headofservice"} | ALL_STAFF_SEE,
    "other": {"otherworker"} | ALL_STAFF_SEE,
}
# An escalation: who raised it, the team leader of the child's team, the service's PGL and
# head of service, the director; never someone who may not see the child (issue 5).
ESCALATION_SEES = {
    "own": {"worker", "teamleader", "pgl", "headofservice", "director"},
    "other": {"otherworker", "director"},
    "restricted": {"headofservice"},
}
# A supervision session: the supervisor, the worker, the managers of the worker's team.
SUPERVISION_SEES = {"own": {"worker", "teamleader", "pgl", "headofservice", "director"}}
# A sampled file: its auditor (read-only, through the audit grant), and the managers of the
# team and the director where they may see the child; not the workers (issue 7: the audit
# is the managers' oversight of the file).
SAMPLE_SEES = {
    "own": {"auditor", "teamleader", "pgl", "headofservice", "director"},
    "other": {"auditor", "director"},
    "restricted": {"auditor", "headofservice"},
}
# The caseload of a colleague who is away: their cover, their team leader and the managers
# above (issue 6); administrators run the system, they do not read caseloads.
# The worker themselves is sent to their own caseload page.
CASELOAD_SEES = {
    "own": {"worker", "teamleader", "pgl", "headofservice", "director"},
    "other": {"otherworker", "director"},
}


def notice_pk(scene: Scene, target: str) -> dict[str, Any]:
    # A notice addressed to the holder of the target child: theirs alone to open.
    [notice] = notify(
        recipient=scene.holders[target],
        kind="other",
        subject="For you",
        link="/",
        dedupe_key=f"matrix:{target}",
    ) or [None]
    return {"pk": notice.pk}


def team_pk(scene: Scene, target: str) -> dict[str, Any]:
    return {"pk": scene.children[target].team_id}


# Every route, by URL name. A route missing here fails test_every_url_is_in_the_matrix.
ROUTES: dict[str, Route] = {
    # Signing in, two-factor and the session clock, and the API's own pages.
    "login": Route("public"),
    "staff:session": Route("signed_in"),
    "staff:two-factor-setup": Route("signed_in"),
    "staff:two-factor-verify": Route("signed_in"),
    "logout": Route("public"),
    "api-token": Route("public"),
    "api-schema": Route("signed_in"),
    "api-docs": Route("signed_in"),
    "api-redoc": Route("signed_in"),
    # Lists and pages of one's own (what they show is checked for leaks).
    "caserecords:caseload": Route("signed_in"),
    "caserecords:child-list": Route("signed_in"),
    "caserecords:timeliness": Route("signed_in"),
    "caserecords:timeliness-csv": Route("signed_in"),
    "notifications:inbox": Route("signed_in"),
    "notifications:mark-all-read": Route("signed_in"),
    "access:break-glass": Route("signed_in"),
    "access:log": Route("signed_in"),
    "api-child-list": Route("signed_in"),
    "api-observation-list": Route("signed_in"),
    "api-planned-contact-list": Route("signed_in"),
    "api-notification-list": Route("signed_in"),
    "api-notification-read-all": Route("signed_in"),
    # The child's file and everything on it.
    "caserecords:child": Route("child", child_pk),
    "caserecords:chronology-new": Route("child", child_pk),
    "caserecords:document-new": Route("child", child_pk),
    "caserecords:observation-new": Route("child", child_pk),
    "caserecords:diary": Route("child", child_pk),
    "access:child-log": Route("child", child_pk),
    "access:restriction": Route("child", child_pk),
    "api-child-detail": Route("child", child_pk),
    "api-access-log": Route("child", child_pk),
    "api-break-glass": Route("break_glass", child_pk),
    "caserecords:observation": Route("child", observation_pk),
    "caserecords:observation-edit": Route("child", observation_pk),
    "caserecords:observation-complete": Route("child", observation_pk),
    "caserecords:observation-history": Route("child", observation_pk),
    "caserecords:amendment-new": Route("child", completed_pk),
    "caserecords:entered-in-error-new": Route("child", completed_pk),
    "caserecords:amendment-decide": Route("child", amendment_pk),
    "caserecords:document": Route("child", document_pk),
    "caserecords:planned-contact-cancel": Route("child", planned_pk),
    "caserecords:planned-contact-no-access": Route("child", planned_pk),
    "api-observation-detail": Route("child", observation_pk),
    "api-observation-complete": Route("child", observation_pk),
    "api-planned-contact-detail": Route("child", planned_pk),
    "api-planned-contact-cancel": Route("child", planned_pk),
    # One person's own things.
    "notifications:open": Route("recipient", notice_pk),
    "api-notification-detail": Route("recipient", notice_pk),
    "api-notification-read": Route("recipient", notice_pk),
    # A team's figures: its managers only.
    "caserecords:team-overdue": Route("team", team_pk),
    "caserecords:oversight-team-list": Route("team", _with(team_pk, which="unread")),
    # Information sharing (issue 4): a record about a child is on that child's file.
    "sharing:register": Route("signed_in"),
    "sharing:register-csv": Route("signed_in"),
    "api-sharing-record-list": Route("signed_in"),
    "sharing:record-new": Route("child", _with(child_pk, type="disclosure")),
    "sharing:record": Route("child", sharing_pk),
    "sharing:record-edit": Route("child", sharing_pk),
    "sharing:record-complete": Route("child", sharing_pk),
    "sharing:record-history": Route("child", sharing_pk),
    "sharing:amendment-new": Route("child", sharing_completed_pk),
    "sharing:amendment-decide": Route("child", sharing_amendment_pk),
    "api-sharing-record-detail": Route("child", sharing_pk),
    "api-sharing-record-complete": Route("child", sharing_pk),
    # Escalations and missing episodes (issue 5).
    "escalations:index": Route("signed_in"),
    "escalations:queue": Route("signed_in"),
    "escalations:director": Route("signed_in"),
    "escalations:raised": Route("signed_in"),
    "escalations:new": Route("signed_in"),
    "api-escalation-list": Route("signed_in"),
    "api-escalation-reason-list": Route("signed_in"),
    "api-missing-episode-list": Route("signed_in"),
    "escalations:new-on-child": Route("child", child_pk),
    "escalations:child-missing": Route("child", child_pk),
    "escalations:missing": Route("child", missing_pk),
    "api-missing-episode-detail": Route("child", missing_pk),
    **{
        name: Route("child", escalation_pk, ESCALATION_SEES)
        for name in (
            "escalations:detail",
            "escalations:acknowledge",
            "escalations:close",
            "escalations:decide",
            "escalations:respond",
            "escalations:update",
            "api-escalation-detail",
            "api-escalation-acknowledge",
            "api-escalation-close",
            "api-escalation-decide",
            "api-escalation-respond",
            "api-escalation-updates",
        )
    },
    # Absence and cover (issue 6): about a member of staff, not a child.
    "absence:list": Route("signed_in"),
    "absence:new": Route("signed_in"),
    "absence:email-new": Route("signed_in"),
    "absence:staff-list": Route("signed_in"),
    "api-absence-list": Route("signed_in"),
    "api-staff": Route("signed_in"),
    "api-me": Route("signed_in"),
    "absence:detail": Route("staff", absence_pk, STAFF_SEES),
    "absence:end": Route("staff", absence_pk, STAFF_SEES),
    "api-absence-detail": Route("staff", absence_pk, STAFF_SEES),
    "api-absence-end": Route("staff", absence_pk, STAFF_SEES),
    "absence:staff": Route("staff", staff_pk, STAFF_SEES),
    "absence:cover-caseload": Route("staff", staff_pk, CASELOAD_SEES),
    # Case audits (issue 7).
    "audits:mine": Route("signed_in"),
    "audits:draw": Route("signed_in"),
    "audits:report": Route("signed_in"),
    "audits:report-csv": Route("signed_in"),
    "audits:report-pdf": Route("signed_in"),
    "api-audit-sample-list": Route("signed_in"),
    "audits:sample": Route("child", sample_pk, SAMPLE_SEES),
    "audits:start": Route("child", sample_pk, SAMPLE_SEES),
    "audits:score": Route("child", sample_pk, SAMPLE_SEES),
    "api-audit-sample-detail": Route("child", sample_pk, SAMPLE_SEES),
    # Management oversight and approvals.
    "caserecords:oversight": Route("signed_in"),
    "caserecords:unallocated-report": Route("signed_in"),
    "caserecords:supervision-new": Route("signed_in"),
    "api-file-read-list": Route("signed_in"),
    "caserecords:file-read-new": Route("child", child_pk),
    "caserecords:approvals": Route("child", child_pk),
    "caserecords:approval-new": Route("child", _with(child_pk, kind="assessment")),
    "caserecords:approval": Route("child", approval_pk),
    "caserecords:supervision": Route("staff", supervision_pk, SUPERVISION_SEES),
}


# The URL resolver ---------------------------------------------------------------------------


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin checks is_staff itself (test_admin_needs_staff)
            inner = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def all_routes() -> dict[str, str]:
    return dict(_walk(get_resolver().url_patterns))


def test_every_url_is_in_the_matrix():
    missing = sorted(set(all_routes()) - set(ROUTES))
    assert not missing, f"Add these routes to ROUTES (with their arguments): {missing}"
    stale = sorted(set(ROUTES) - set(all_routes()))
    assert not stale, f"These routes no longer exist: {stale}"


def test_every_api_path_in_the_schema_is_a_route_in_the_matrix():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes = {route.replace("<int:pk>", "{id}") for route in all_routes().values()}
    routed = {
        "/" + route.replace("^", "").replace("$", "").replace("(?P<pk>[0-9]+)", "{id}")
        for route in routes
    }
    unlisted = sorted(path for path in schema["paths"] if path not in routed)
    assert not unlisted, f"API paths in the schema but not in the URL resolver: {unlisted}"


# The scene ------------------------------------------------------------------------------------


@pytest.fixture
def scene(everyone, administrator, worker, otherworker, child, other_child, team_a):

    holder = worker
    restricted = ChildFactory(
        first_name="Rhiannon", last_name="Secretname", worker=holder, team=team_a, restricted=True
    )
    people = {**everyone, "administrator": administrator}
    return Scene(
        people=people,
        children={"own": child, "other": other_child, "restricted": restricted},
        holders={"own": worker, "other": otherworker, "restricted": worker},
        # Only the head of service may see the restricted file: they record on it here.
        actors={"own": worker, "other": otherworker, "restricted": everyone["headofservice"]},
        managers={
            "own": everyone["teamleader"],
            "other": everyone["director"],
            "restricted": everyone["headofservice"],
        },
        staff={"own": worker, "other": otherworker},
    )


def _client(person, api: bool):
    if api:
        client = APIClient()
        if person is not None:
            client.force_authenticate(person)
        return client
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def _is_api(name: str) -> bool:
    return name.startswith("api-")


def _call(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, {})


@dataclass
class Cells:
    wrong: list[str] = field(default_factory=list)

    def expect(self, ok: bool, what: str) -> None:
        if not ok:
            self.wrong.append(what)


def _anonymous_refused(cells: Cells, name: str, url: str) -> None:
    for method in ("GET", "POST"):
        response = _call(_client(None, _is_api(name)), method, url)
        if _is_api(name):
            cells.expect(
                response.status_code in (401, 405),
                f"anonymous {method} {url}: {response.status_code}",
            )
        else:
            sent_to_sign_in = response.status_code == 302 and response["Location"].startswith(
                reverse("login")
            )
            cells.expect(
                sent_to_sign_in or response.status_code == 405,
                f"anonymous {method} {url}: {response.status_code}",
            )


# Routes that answer, today, what the rules say they must not, each with the code line and
# the fix: strict, so the test fails once the leak is fixed and the entry is taken out.
KNOWN_LEAKS: dict[str, str] = {}


def _known(names) -> list:
    """The route names, sorted, those with a known leak marked as expected to fail."""
    return [
        pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_LEAKS[n], strict=True))
        if n in KNOWN_LEAKS
        else n
        for n in sorted(names)
    ]


def _only_those_who_may_see(scene: Scene, name: str) -> list[str]:
    """Call the route on each target as everyone; return the cells that answer wrongly."""
    cells = Cells()
    route = ROUTES[name]
    for target, seers in (route.sees or SEES).items():
        kwargs = route.build(scene, target)
        if kwargs is None:
            continue  # nothing of this kind on that target (e.g. a file not sampled)
        url = reverse(name, kwargs=kwargs)
        _anonymous_refused(cells, name, url)
        for persona in PERSONAS:
            sees = persona in seers
            for method in ("GET",) if sees else ("GET", "POST"):
                client = _client(scene.people[persona], _is_api(name))
                status = _call(client, method, url).status_code
                if sees:
                    cells.expect(
                        status not in (404, 500), f"{persona} {method} {target} {url}: {status}"
                    )
                else:
                    cells.expect(
                        status in (404, 405),
                        f"{persona} {method} {target} {url}: {status} (must be 404)",
                    )
    return cells.wrong


@pytest.mark.parametrize("name", _known(n for n, r in ROUTES.items() if r.kind == "child"))
@time_machine.travel(NOW, tick=False)
def test_a_childs_record_answers_only_those_who_need_to_know(scene, name):
    wrong = _only_those_who_may_see(scene, name)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.kind == "staff"))
@time_machine.travel(NOW, tick=False)
def test_a_colleagues_matters_answer_only_those_who_work_with_them(scene, name):
    wrong = _only_those_who_may_see(scene, name)
    assert not wrong, "\n".join(wrong)


@time_machine.travel(NOW, tick=False)
def test_every_target_of_the_matrix_has_its_objects(scene):
    # A builder that made nothing would leave its cells untested: only a file the draw did
    # not sample, and the targets that are no one's colleague, may be missing.
    builders.everything(scene, MAKERS)
    empty = {key for key, made in scene.made.items() if made is None}
    allowed = {"absence:restricted", "supervision:other", "supervision:restricted"}
    assert all(key.startswith("sample:") or key in allowed for key in empty), sorted(empty)
    assert "sample:own" not in empty, "the draw sampled none of the own team's files"


@time_machine.travel(NOW, tick=False)
def test_break_glass_is_the_only_way_in_and_leaves_a_trace(scene):
    child = scene.children["restricted"]
    person = scene.people["teamleader"]
    api = _client(person, True)
    assert api.get(f"/api/children/{child.pk}/").status_code == 404
    response = api.post(f"/api/children/{child.pk}/break-glass/", {"reason": "Police at the door"})
    assert response.status_code == 201
    assert api.get(f"/api/children/{child.pk}/").status_code == 200
    assert AccessGrant.objects.filter(user=person, reason=AccessReason.BREAK_GLASS).count() == 1


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.kind == "recipient"))
@time_machine.travel(NOW, tick=False)
def test_ones_own_notices_answer_only_their_recipient(scene, name):
    cells = Cells()
    url = reverse(name, kwargs=ROUTES[name].build(scene, "own"))
    _anonymous_refused(cells, name, url)
    for persona in PERSONAS:
        status = _call(_client(scene.people[persona], _is_api(name)), "GET", url).status_code
        mine = scene.people[persona] == scene.holders["own"]
        cells.expect(
            (status != 404) if mine else status in (404, 405), f"{persona} {url}: {status}"
        )
    assert not cells.wrong, "\n".join(cells.wrong)


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.kind == "team"))
@time_machine.travel(NOW, tick=False)
def test_a_teams_figures_answer_only_its_managers(scene, name):
    cells = Cells()
    managers = {
        "own": {"teamleader", "pgl", "headofservice", "director"},
        "other": {"director"},
    }
    for target, seers in managers.items():
        url = reverse(name, kwargs=ROUTES[name].build(scene, target))
        _anonymous_refused(cells, name, url)
        for persona in PERSONAS:
            status = _client(scene.people[persona], False).get(url).status_code
            expected_ok = persona in seers
            cells.expect(
                (status == 200) if expected_ok else status in (403, 404),
                f"{persona} {target} {url}: {status}",
            )
    assert not cells.wrong, "\n".join(cells.wrong)


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _seers(scene: Scene, target: str) -> set[str]:
    """Who sees the target child: by role, and the auditor once the file is sampled for
    them (the draw gives an audit grant on each sampled file; issue 7)."""
    sampled = scene.made.get(f"sample:{target}") is not None
    return SEES[target] | ({"auditor"} if sampled else set())


@pytest.mark.parametrize(
    "name",
    _known(n for n, r in ROUTES.items() if r.kind == "signed_in"),
)
@time_machine.travel(NOW, tick=False)
def test_lists_and_searches_never_show_a_child_one_may_not_see(scene, name):
    cells = Cells()
    for target in SEES:
        _observation(scene, target)
    builders.everything(scene, MAKERS)
    url = reverse(name)
    _anonymous_refused(cells, name, url)
    searches = [url]
    if name == "caserecords:child-list":
        searches.append(f"{url}?search=Secretna&state=all")
    if name == "api-child-list":
        searches.append(f"{url}?search=Secretna")
    for persona in PERSONAS:
        client = _client(scene.people[persona], _is_api(name))
        for address in searches:
            response = client.get(address)
            cells.expect(response.status_code < 500, f"{persona} {address}: {response.status_code}")
            body = _body(response)
            for target in SEES:
                if persona in _seers(scene, target):
                    continue
                child = scene.children[target]
                for secret in (f"SECRET-{target}", child.full_name, child.la_child_id):
                    cells.expect(
                        secret not in body, f"{persona} {address} shows {target} ({secret})"
                    )
            for target, seers in STAFF_SEES.items():
                # A colleague's absence: only for those who work with them.
                cells.expect(
                    persona in seers or f"ABSENCE-{target}" not in body,
                    f"{persona} {address} shows the absence of {target}",
                )
    assert not cells.wrong, "\n".join(cells.wrong)


@pytest.mark.parametrize(
    "maker",
    [
        "sharing",
        "escalation",
        "approval",
        "missing",
        "file_read",
        "supervision",
        "absence",
        "sample",
    ],
)
@time_machine.travel(NOW, tick=False)
def test_no_notice_names_a_child_to_someone_who_may_not_see_it(scene, maker):
    from notifications.models import Notification

    for target in SEES:
        MAKERS[maker](scene, target)
    wrong = []
    for notice in Notification.objects.select_related("recipient"):
        persona = next(p for p, person in scene.people.items() if person == notice.recipient)
        for target in SEES:
            child = scene.children[target]
            said = f"{notice.subject} {notice.body}"
            if persona not in SEES[target] and (
                child.full_name in said or child.la_child_id in said
            ):
                wrong.append(f"{persona} told about {target}: {notice.subject}")
    assert not wrong, "\n".join(wrong)


@time_machine.travel(NOW, tick=False)
def test_the_admin_needs_staff(scene):
    for persona in PERSONAS:
        response = _client(scene.people[persona], False).get("/admin/")
        allowed = scene.people[persona].is_staff
        assert (response.status_code == 200) == allowed, persona


def test_the_matrix_knows_each_persona_and_role(everyone, administrator):
    # The personas are who the rules above say they are.
    roles = {
        name: person.role for name, person in {**everyone, "administrator": administrator}.items()
    }
    assert roles["worker"] == Role.SOCIAL_WORKER
    assert roles["headofservice"] == Role.HEAD_OF_SERVICE
    assert roles["auditor"] == Role.AUDITOR
    assert everyone["otherworker"].team_id != everyone["worker"].team_id
    assert access.children_visible_to(UserFactory.build(is_active=False)).count() == 0
