"""The reasons for escalating, in the guidance's own words (seed 002 §2 and §3; seed 003).

Category A: always reported to the Director. Category B: reported to a head of
service, who decides whether to tell the Director. An authority may reword them or add
its own in the admin; the codes stay, for integrations and for the missing-child job.
"""

from django.db import migrations

CATEGORY_A = [
    ("child_death_abuse_suspected", "The death of a child where abuse or neglect is suspected"),
    ("looked_after_death_or_serious_injury", "Death or serious injury to a Child Looked After"),
    (
        "cp_plan_death_or_serious_injury",
        "Death or serious injury to a Child subject to a Child Protection Plan",
    ),
    ("looked_after_missing_48_hours", "When a Child Looked After is missing for 48 hours or more"),
    (
        "cp_plan_missing_72_hours",
        "When a child with a CP Plan is missing for 72 hours or more. This applies both to a "
        "child who goes missing alone, and a child who goes missing with their family, e.g. "
        "child removed from the country against the terms of the CP Plan",
    ),
    (
        "organised_abuse",
        "Cases where there is a reasonable suspicion of organised abuse. This can include "
        "ritual abuse, child trafficking, or network of abuse on the internet",
    ),
    ("looked_after_sexual_exploitation", "Sexual Exploitation of a Looked After Child"),
    ("violence_against_staff", "Serious incidents of violence against staff"),
    (
        "accident_at_work",
        "Death or serious injury to staff or service user through an accident at work",
    ),
    ("gross_misconduct_allegation", "Allegations of Gross Misconduct against staff"),
    ("case_file_missing_or_stolen", "A case file goes missing or is stolen"),
]
CATEGORY_B = [
    (
        "missing_at_serious_risk",
        "Missing children who do not fall into the above category, but because of other "
        "factors – e.g. age + vulnerability – are at serious risk of Significant Harm",
    ),
    ("looked_after_charged_serious_crime", "Children Looked After charged with a serious crime"),
    (
        "looked_after_removed_from_uk",
        "Children Looked After removed from the UK jurisdiction in an unplanned way",
    ),
    (
        "media_interest",
        "Cases where there is a case of significant media interest, including trials of YOS "
        "clients, children in care etc",
    ),
    ("cp_plan_homeless", "A child with a CP Plan made homeless"),
    (
        "out_of_education_3_months",
        "A Child Looked After or a child with a CP Plan out of Education for 3 months",
    ),
    (
        "practice_concerns_unresolved",
        "Serious concerns about practice within the department that have not been resolved "
        "by managers",
    ),
    (
        "lado_substantiated_or_senior",
        "LADO cases where allegations of abuse against staff are substantiated or where it "
        "involves a high ranking member of staff – e.g. Headteacher",
    ),
    (
        "looked_after_expected_to_die",
        "Children Looked After who are expected to die within 12 months",
    ),
    (
        "serious_violent_incident_yot",
        "Serious violent incident (involving a YOT client) either as perpetrator or victim",
    ),
]


def load(apps, schema_editor):
    Reason = apps.get_model("notifications", "EscalationReason")
    for category, reasons in (("A", CATEGORY_A), ("B", CATEGORY_B)):
        for order, (code, label) in enumerate(reasons, start=1):
            Reason.objects.update_or_create(
                code=code, defaults={"category": category, "label": label, "order": order}
            )


def unload(apps, schema_editor):
    Reason = apps.get_model("notifications", "EscalationReason")
    codes = [code for code, _ in CATEGORY_A + CATEGORY_B]
    Reason.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_escalations_and_missing_episodes")]

    operations = [migrations.RunPython(load, unload)]
