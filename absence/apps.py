from django.apps import AppConfig


class AbsenceConfig(AppConfig):
    name = "absence"
    verbose_name = "Absence and cover"
