"""Staff, teams and services: who works where, and in which role."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Service(models.Model):
    """A service (e.g. Safeguarding and Support), led by a head of service with PGLs."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of social workers, led by one or more team leaders, in one service."""

    name = models.CharField(max_length=120, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_LEADER = "team_leader", "Team leader"
    PRACTICE_GROUP_LEAD = "pgl", "Practice group lead"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    DIRECTOR = "director", "Director of Children's Social Care"
    AUDITOR = "auditor", "Auditor"
    BUSINESS_SUPPORT = "business_support", "Business support"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that see a whole service rather than one team.
SERVICE_ROLES = frozenset({Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE})
# Roles that manage the practitioners below them (approve, mark entered in error).
MANAGER_ROLES = frozenset(
    {Role.TEAM_LEADER, Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE, Role.DIRECTOR}
)
# Roles that record contacts on a child's file.
RECORDING_ROLES = frozenset({Role.SOCIAL_WORKER, *MANAGER_ROLES})


class User(AbstractUser):
    """A member of staff. Team members belong to their team's service."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.SOCIAL_WORKER)
    job_title = models.CharField(max_length=120, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="Set from the team for team members; set directly for PGLs and heads of service.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        indexes = [
            # Team leaders of a team (notifications, amendment approvals).
            models.Index(fields=["team", "role"], name="user_team_role_idx"),
            models.Index(fields=["service", "role"], name="user_service_role_idx"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.team is not None:
            self.service_id = self.team.service_id

    def save(self, *args, **kwargs):
        # Keep the derived service in step with the team (a team belongs to one service).
        if self.team is not None and self.service_id != self.team.service_id:
            self.service_id = self.team.service_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "service"}
        super().save(*args, **kwargs)

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def can_record(self) -> bool:
        return self.role in RECORDING_ROLES

    @property
    def display_name(self) -> str:
        return str(self)
