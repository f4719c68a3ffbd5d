"""The absence app's demo data: worker2 on leave this week, covered by worker."""

from datetime import date

from absence import demo
from absence.models import Absence
from notifications.models import Notification

from .conftest import TODAY


def test_the_demo_adds_a_leave_and_a_training_day(now, worker, colleague, teamleader):
    line = demo.seed(today=TODAY)

    assert line == "2 absences (worker2 on leave this week, covered by worker)"
    leave = Absence.objects.get(user=colleague)
    assert (leave.starts_on, leave.ends_on, leave.cover) == (
        date(2026, 11, 30),
        date(2026, 12, 6),
        worker,
    )
    assert leave.is_active()
    training = Absence.objects.get(user=worker)
    assert (training.starts_on, training.cover) == (date(2026, 12, 15), teamleader)
    assert Notification.objects.filter(kind="cover", recipient=worker).exists()


def test_the_demo_adds_nothing_without_its_people(db):
    assert demo.seed(today=TODAY) == ""
