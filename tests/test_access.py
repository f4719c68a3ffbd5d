"""Need-to-know access (Caldicott, seed 003 App. 3): who may see which child's file.

Team A and team A2 are both in service A; team B is in service B. `child` is
in team A, `child_a2` in team A2, `other_child` in team B.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from caserecords import access
from caserecords.models import Document
from staff.models import Role

from .factories import ChildFactory, ObservationFactory, TeamFactory, UserFactory


@pytest.fixture
def team_a2(service_a):
    return TeamFactory(name="Assessment Team South", service=service_a)


@pytest.fixture
def child_a2(team_a2):
    worker_a2 = UserFactory(username="worker_a2", team=team_a2)
    return ChildFactory(first_name="Ruby", last_name="Shaw", worker=worker_a2, team=team_a2)


@pytest.fixture
def business_support(team_a):
    return UserFactory(username="support", role=Role.BUSINESS_SUPPORT, team=team_a)


@pytest.fixture
def leaver(team_a):
    return UserFactory(username="leaver", team=team_a, is_active=False)


@pytest.fixture
def other_teamleader(team_b):
    return UserFactory(username="teamleader_b", role=Role.TEAM_LEADER, team=team_b)


@pytest.fixture
def personas(everyone, business_support, administrator, leaver, other_teamleader):
    return {
        **everyone,
        "business_support": business_support,
        "administrator": administrator,
        "leaver": leaver,
        "other_teamleader": other_teamleader,
        "anonymous": AnonymousUser(),
    }


VISIBLE = {
    "worker": {"child"},
    "colleague": {"child"},
    "teamleader": {"child"},
    "business_support": {"child"},
    "pgl": {"child", "child_a2"},
    "headofservice": {"child", "child_a2"},
    "director": {"child", "child_a2", "other_child"},
    "otherworker": {"other_child"},
    "other_teamleader": {"other_child"},
    "auditor": set(),  # until an audit sample is drawn for them
    "administrator": set(),
    "leaver": set(),
    "anonymous": set(),
}


@pytest.fixture
def children(child, child_a2, other_child):
    return {"child": child, "child_a2": child_a2, "other_child": other_child}


@pytest.mark.parametrize(("persona", "names"), VISIBLE.items(), ids=list(VISIBLE))
def test_each_persona_sees_the_files_they_need_to_know(personas, children, persona, names):
    visible = set(access.children_visible_to(personas[persona]))
    assert visible == {children[name] for name in names}


@pytest.mark.parametrize(("persona", "names"), VISIBLE.items(), ids=list(VISIBLE))
def test_a_file_one_may_not_see_is_not_found(personas, children, persona, names):
    user = personas[persona]
    for name, child in children.items():
        if name in names:
            assert access.child_for_user(user, child.pk) == child
        else:
            with pytest.raises(Http404):
                access.child_for_user(user, child.pk)


def test_a_file_that_does_not_exist_looks_the_same(director):
    with pytest.raises(Http404):
        access.child_for_user(director, 999_999)


def test_a_manager_of_a_service_without_a_service_sees_nothing(children):
    pgl = UserFactory(username="pgl_nowhere", role=Role.PRACTICE_GROUP_LEAD)
    assert not access.children_visible_to(pgl).exists()


def test_the_visible_children_are_one_query(worker, children, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(access.children_visible_to(worker)) == [children["child"]]


def test_observations_follow_the_childs_file(worker, otherworker, child, other_child):
    observation = ObservationFactory(child=child, author=worker)
    assert access.observation_for_user(worker, observation.pk) == observation
    assert list(access.observations_visible_to(otherworker)) == []
    with pytest.raises(Http404):
        access.observation_for_user(otherworker, observation.pk)
    with pytest.raises(Http404):
        access.observation_for_user(AnonymousUser(), observation.pk)


def test_documents_follow_the_childs_file(worker, otherworker, child):
    document = Document.objects.create(
        child=child,
        document_type="letter",
        title="Letter to school",
        document_date=date(2026, 11, 2),
        file="documents/x/y",
        original_name="letter.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=worker,
    )
    assert access.document_for_user(worker, document.pk) == document
    with pytest.raises(Http404):
        access.document_for_user(otherworker, document.pk)


MANAGES = {
    "teamleader": {"child"},
    "pgl": {"child", "child_a2"},
    "headofservice": {"child", "child_a2"},
    "director": {"child", "child_a2", "other_child"},
    "other_teamleader": {"other_child"},
    "worker": set(),
    "colleague": set(),
    "otherworker": set(),
    "business_support": set(),
    "auditor": set(),
    "administrator": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize(("persona", "names"), MANAGES.items(), ids=list(MANAGES))
def test_is_manager_of_follows_the_line_management(personas, children, persona, names):
    user = personas[persona]
    managed = {name for name, child in children.items() if access.is_manager_of(user, child)}
    assert managed == names


def test_a_team_leader_who_has_left_manages_nobody(teamleader, child):
    assert access.is_manager_of(teamleader, child)
    teamleader.is_active = False
    teamleader.save(update_fields=["is_active"])
    assert not access.is_manager_of(teamleader, child)


RECORDS = {
    "worker": (True, True),
    "teamleader": (True, True),
    "pgl": (True, True),
    "headofservice": (True, True),
    "director": (True, True),
    "business_support": (False, True),  # uploads paper documents, writes no case notes
    "auditor": (False, False),
    "administrator": (False, False),
    "leaver": (False, False),
    "anonymous": (False, False),
}


@pytest.mark.parametrize(("persona", "expected"), RECORDS.items(), ids=list(RECORDS))
def test_who_may_record_and_upload(personas, child, persona, expected):
    user = personas[persona]
    assert (access.can_record(user, child), access.can_upload(user, child)) == expected
