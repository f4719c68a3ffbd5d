"""The checklist, from seed 003 Appendix 6 ("Audit trail or audit trial?") for case files
and Appendix 7 (2.3, 6.3) for supervision records. Data, so an authority can reword it."""

from django.db import migrations

FILE = "file"
SUPERVISION = "supervision"

# key, applies to, question, guidance, what the system pre-fills
QUESTIONS = [
    (
        "user-details",
        FILE,
        "Are the user details and the case recording complete and up to date, with the "
        "dates and names of allocation clear?",
        "",
        "",
    ),
    (
        "demographics",
        FILE,
        "Do the records identify date of birth, ethnicity, gender, religion, language and "
        "disability?",
        "Date of birth and ethnicity are essential for the CIN census.",
        "demographics",
    ),
    (
        "leaflets",
        FILE,
        "Is there a note that leaflets on complaints and access to records have been given?",
        "",
        "",
    ),
    ("case-summaries", FILE, "Are there regular case summaries?", "Good practice.", ""),
    (
        "chronology",
        FILE,
        "Is there a chronology at the front of the file, up to date?",
        "Appendix 7, 3.1.",
        "chronology",
    ),
    ("needs-assessment", FILE, "Is a needs assessment completed?", "", ""),
    (
        "risk-assessment",
        FILE,
        "Is there an up-to-date risk assessment?",
        "Including health and safety issues.",
        "",
    ),
    ("signed-dated-ordered", FILE, "Are all records signed, dated and in date order?", "", ""),
    (
        "recordings-on-time",
        FILE,
        "Were contacts recorded on time (within 5 working days, 1 for a safeguarding concern)?",
        "Seed 003 §5 and seed 004.",
        "recordings_on_time",
    ),
    ("fact-opinion", FILE, "Do the records distinguish between fact and opinion?", "", ""),
    (
        "manager-reads",
        FILE,
        "Is there evidence that team leaders (and other managers) have read the records and "
        "recorded their decisions?",
        "Team leader monitoring (file reads), supervision and approvals.",
        "manager_read",
    ),
    (
        "views",
        FILE,
        "Is there a record of the child's and the parents' or carers' views and feelings, in "
        "their own words or by the worker?",
        "",
        "",
    ),
    ("agreements", FILE, "Is there a record of the users' agreement to actions?", "", ""),
    (
        "plans-shared",
        FILE,
        "Are the plans and reports completed (looked-after documents, child protection "
        "conference and review reports, protection plan, Personal Education Plan or Pathway "
        "Plan), and do the child, parents, carers and agencies have copies?",
        "Not applicable where the child has no such plan.",
        "",
    ),
    (
        "closure-summary",
        FILE,
        "Where the case is closed or transferred, is there a closure or transfer summary "
        "agreed by the team leader?",
        "Not applicable for an open case.",
        "",
    ),
    (
        "supervision-recorded",
        SUPERVISION,
        "Is the supervision recorded with its date and who took part?",
        "",
        "",
    ),
    (
        "supervision-decisions",
        SUPERVISION,
        "Does it record the findings and decisions on each case discussed?",
        "Appendix 7, 2.3.",
        "",
    ),
    (
        "supervision-actions",
        SUPERVISION,
        "Are the recommended actions recorded, with who will do them and by when?",
        "Appendix 7, 6.3.",
        "",
    ),
    (
        "supervision-on-file",
        SUPERVISION,
        "Are the manager's observations and decisions recorded on the child's file?",
        "Appendix 7, 6.3.",
        "",
    ),
    (
        "supervision-follow-up",
        SUPERVISION,
        "Were the actions from the previous supervision followed up?",
        "",
        "",
    ),
]


def add_questions(apps, schema_editor):
    AuditQuestion = apps.get_model("audits", "AuditQuestion")
    for order, (key, applies_to, text, guidance, prefill) in enumerate(QUESTIONS, start=1):
        AuditQuestion.objects.update_or_create(
            key=key,
            defaults={
                "applies_to": applies_to,
                "text": text,
                "guidance": guidance,
                "prefill": prefill,
                "order": order,
            },
        )


def remove_questions(apps, schema_editor):
    AuditQuestion = apps.get_model("audits", "AuditQuestion")
    AuditQuestion.objects.filter(key__in=[row[0] for row in QUESTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(add_questions, remove_questions)]
