"""Demo data of the sharing app, added by `seed_demo` after the children's records.

A short list of agencies, and on worker's caseload a few records of each type: a
disclosure to a school with consent, one about siblings to the police without consent,
requests received (one shared, one refused), requests made (one answered, one waiting).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from caserecords.demo.builder import acting_as
from caserecords.models import Child
from staff.models import User

from . import services
from .models import Organisation

ORGANISATIONS = [
    ("Humberside Police (Public Protection Unit)", "101", "Priory Road, Hull HU5 5SF"),
    ("Hull Royal Infirmary", "01482 875875", "Anlaby Road, Hull HU3 2JZ"),
    ("Springhead Primary School", "01482 000101", "Springhead Lane, Hull HU5 5YJ"),
    ("Child and Adolescent Mental Health Service", "01482 000202", "Walker Street, Hull HU3 2HE"),
    ("Orchard Park Surgery", "01482 000303", "Orchard Park Road, Hull HU6 9BX"),
]


def _at(today: date, days_ago: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour)))


def _counterpart(organisation: Organisation, name: str, job_title: str) -> dict:
    return {"organisation": organisation, "name": name, "job_title": job_title}


def seed(*, today: date) -> str:
    """Add this app's demo records; return a line for seed_demo's summary ("" for none)."""
    worker = User.objects.filter(username="worker").first()
    if worker is None:
        return ""
    children = list(Child.objects.filter(worker=worker, closed_on__isnull=True).order_by("pk"))
    if not children:
        return ""
    police, hospital, school, camhs, surgery = [
        Organisation.objects.get_or_create(
            name=name, defaults={"telephone": phone, "address": address}
        )[0]
        for name, phone, address in ORGANISATIONS
    ]
    first = children[0]
    siblings = [c for c in children if first.family_id and c.family_id == first.family_id]
    records = [
        (
            "disclosure",
            [first],
            _at(today, 20, 11),
            True,
            {
                **_counterpart(school, "Priya Shah", "Designated safeguarding lead"),
                "reason": "The school needs to know about the plan to support attendance.",
                "consent": "given",
                "consent_given_by": "The child's mother",
                "consent_limits": "Not to be shared with the after-school club.",
                "family_informed": True,
                "information_shared": "The child in need plan and the core group dates.",
                "method": "secure_portal",
                "receipt_confirmed_by": "Read receipt from the school's portal",
                "outcome": "The school will attend the next core group.",
            },
        ),
        (
            "disclosure",
            siblings or [first],
            _at(today, 12, 15),
            True,
            {
                **_counterpart(police, "DC Tom Ellis", "Detective constable"),
                "reason": "Concern that the children witnessed a serious assault at home.",
                "consent": "not_sought",
                "no_consent_reason": "Seeking consent from the father could put the children "
                "at risk of significant harm (child protection).",
                "family_informed": False,
                "not_informed_reason": "Informing the family now would prejudice the police "
                "investigation.",
                "third_party_information": True,
                "third_party_consent": False,
                "third_party_override_reason": "Part of a criminal investigation: the health "
                "visitor's account is needed to protect the children.",
                "information_shared": "Our record of the disclosure and the health visitor's "
                "account.",
                "method": "phone",
                "outcome": "Strategy discussion arranged for the next day.",
            },
        ),
        (
            "request_received",
            [children[min(1, len(children) - 1)]],
            _at(today, 8, 10),
            True,
            {
                **_counterpart(hospital, "Dr Anna Moss", "Paediatric registrar"),
                "identity_confirmed_by": "Rang back through the hospital switchboard",
                "reason": "The child attended A&E with an unexplained injury.",
                "information_requested": "Whether the child is known to children's social care.",
                "case_reference": "HRI-ED-44120",
                "consent": "given",
                "consent_given_by": "The child's father, at the hospital",
                "family_informed": True,
                "decision": "share",
                "information_shared": "That the child has a child in need plan, and the "
                "allocated worker's name.",
                "method": "phone",
                "outcome": "The hospital will send its safeguarding referral today.",
            },
        ),
        (
            "request_received",
            [children[min(2, len(children) - 1)]],
            _at(today, 5, 14),
            True,
            {
                "name": "Mark Webb",
                "job_title": "Caseworker",
                "organisation_name": "Debt advice charity (one-off)",
                "telephone": "07700 900123",
                "identity_confirmed_by": "Email from the charity's domain; rang back",
                "reason": "Supporting the family with a housing application.",
                "information_requested": "A copy of the latest assessment.",
                "consent": "not_given",
                "no_consent_reason": "The mother refused: the request is not needed to keep "
                "the child safe.",
                "family_informed": True,
                "decision": "not_share",
                "decision_reason": "No consent and no child protection need to share.",
                "method": "email",
                "outcome": "Advised the caseworker to ask the mother directly.",
            },
        ),
        (
            "request_made",
            [first],
            _at(today, 3, 9),
            True,
            {
                **_counterpart(surgery, "Dr Raj Patel", "GP"),
                "identity_confirmed_by": "The surgery rang me back on the office number",
                "reason": "Assessment: health needs and missed appointments.",
                "information_requested": "Immunisations and missed appointments this year.",
                "consent": "given",
                "consent_given_by": "The child's mother",
                "decision": "share",
                "information_shared": "Two missed appointments; immunisations up to date.",
                "method": "letter",
                "outcome": "Added to the assessment; health visitor to follow up.",
            },
        ),
        (
            "request_made",
            [children[min(1, len(children) - 1)]],
            _at(today, 1, 16),
            False,
            {
                **_counterpart(camhs, "Jo Carter", "Clinical lead"),
                "reason": "Child protection enquiry (section 47).",
                "information_requested": "Whether the child is open to CAMHS, and any risk "
                "assessment.",
                "consent": "not_sought",
                "no_consent_reason": "Section 47 enquiry: asking first could put the child "
                "at risk.",
                "method": "email",
            },
        ),
    ]
    with acting_as(worker):
        for type, about, occurred_at, complete, data in records:
            services.sharing_record_create(
                user=worker,
                type=type,
                children=about,
                data={**data, "occurred_at": occurred_at},
                complete=complete,
            )
    return f"{len(records)} information sharing records, {len(ORGANISATIONS)} agencies"
