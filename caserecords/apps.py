from django.apps import AppConfig


class CaserecordsConfig(AppConfig):
    name = "caserecords"
    verbose_name = "Children's case records"
