"""factory_boy factories for the test suite. Prefer the personas in conftest.py."""

from datetime import date, datetime

import factory
from django.utils import timezone

from caserecords.models import Child, Observation
from staff.models import Role, Service, Team, User


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")
    service = factory.SubFactory(ServiceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.SOCIAL_WORKER
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ChildFactory(factory.django.DjangoModelFactory):
    """A child allocated to a team (and worker). Use services.child_create for the full path."""

    class Meta:
        model = Child

    la_child_id = factory.Sequence(lambda n: f"C{n:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2016, 5, 17)
    sex = "F"
    ethnicity = "WBRI"
    disabilities = ["NONE"]
    referral_date = date(2026, 1, 12)
    referral_source = "2A"
    primary_need = "N1"
    worker = None
    team = factory.LazyAttribute(lambda c: c.worker.team if c.worker else None)


class ObservationFactory(factory.django.DjangoModelFactory):
    """A draft observation. Its due_by is given, not computed: use the services for that."""

    class Meta:
        model = Observation

    child = factory.SubFactory(ChildFactory)
    author = factory.LazyAttribute(lambda o: o.child.worker)
    kind = "home_visit"
    occurred_at = factory.LazyFunction(lambda: timezone.make_aware(datetime(2026, 11, 2, 10, 0)))
    location = "At the family home"
    summary = "Visit to see the children"
    child_seen = "seen_alone"
    due_by = date(2026, 11, 9)
