"""Email to record (seed 000): an email filed onto children's records as an observation of
kind email, keeping sender, recipients, date and subject, attachments as documents."""

from email.message import EmailMessage

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from absence import emails, services
from absence.models import FiledEmail
from caserecords.models import Document, Observation

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
URL = reverse("absence:email-new")


def an_email(
    *, attachments=(("strategy-notes.pdf", PDF, "application", "pdf"),), **headers
) -> bytes:
    message = EmailMessage()
    message["From"] = headers.get("sender", "Dr Priya Shah <p.shah@nhs.example>")
    message["To"] = "Wendy Walker <worker@example.org>"
    message["Cc"] = "School DSL <dsl@school.example>"
    message["Date"] = headers.get("date", "Mon, 30 Nov 2026 14:05:00 +0000")
    message["Subject"] = "Amelia: bruising seen at clinic"
    message["Message-ID"] = "<abc123@nhs.example>"
    message.set_content("Dear Wendy,\n\nI saw Amelia at clinic today and noted bruising.\n")
    for name, content, main, sub in attachments:
        message.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return message.as_bytes()


def test_it_files_an_email_on_two_childrens_records_keeping_headers_and_attachments(
    now, worker, child, sibling
):
    filed = services.email_file(user=worker, children=[child, sibling], raw=an_email())

    assert filed.sender == "Dr Priya Shah <p.shah@nhs.example>"
    assert filed.recipients == "Wendy Walker <worker@example.org>"
    assert filed.copied_to == "School DSL <dsl@school.example>"
    assert filed.sent_at.isoformat() == "2026-11-30T14:05:00+00:00"
    assert filed.subject == "Amelia: bruising seen at clinic"
    assert filed.message_id == "<abc123@nhs.example>"
    observations = list(filed.observations.order_by("child__first_name"))
    assert [o.child for o in observations] == [child, sibling]
    first = observations[0]
    assert (first.kind, first.status, first.author) == ("email", "draft", worker)
    assert first.summary == "Amelia: bruising seen at clinic"
    assert first.location == "Email from Dr Priya Shah <p.shah@nhs.example>"
    assert first.child_seen == "not_applicable"
    assert first.facts.startswith("From: Dr Priya Shah <p.shah@nhs.example>\nTo: Wendy Walker")
    assert "I saw Amelia at clinic today and noted bruising." in first.facts
    assert len({o.contact_group for o in observations}) == 1
    documents = Document.objects.order_by("child__first_name")
    assert [(d.child, d.original_name, d.content_type) for d in documents] == [
        (child, "strategy-notes.pdf", "application/pdf"),
        (sibling, "strategy-notes.pdf", "application/pdf"),
    ]
    assert set(filed.documents.all()) == set(documents)


def test_it_can_complete_the_observation_at_once(now, worker, child):
    filed = services.email_file(user=worker, children=[child], raw=an_email(), complete=True)
    assert filed.observations.get().status == "completed"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The email is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "no sender (From)"),
        (b"This is just some text I copied.\nNo headers here.", "no sender (From)"),
        (b"From: a@example.org\nSubject: hi\n\nbody", "no recipients (To)"),
        (b"From: a@example.org\nTo: b@example.org\nDate: yesterday-ish\n\nbody", "no date"),
    ],
    ids=["empty", "binary", "plain-text", "no-to", "bad-date"],
)
def test_a_broken_file_is_refused_and_nothing_is_saved(now, worker, child, raw, message):
    with pytest.raises(ValidationError) as refused:
        services.email_file(user=worker, children=[child], raw=raw)

    assert message in refused.value.message_dict["file"][0]
    assert not Observation.objects.exists()
    assert not FiledEmail.objects.exists()


def test_an_attachment_of_a_type_not_allowed_refuses_the_whole_email(now, worker, child):
    raw = an_email(
        attachments=[("run-me.exe", b"MZ\x90\x00" + bytes(200), "application", "octet-stream")]
    )

    with pytest.raises(ValidationError) as refused:
        services.email_file(user=worker, children=[child], raw=raw)

    assert "“run-me.exe” cannot be kept" in refused.value.message_dict["file"][0]
    assert not Observation.objects.exists()
    assert not Document.objects.exists()


def test_an_oversized_email_is_refused(now, settings, worker, child):
    settings.EMAIL_IMPORT_MAX_BYTES = 500
    with pytest.raises(ValidationError, match="The email must be 500"):
        services.email_file(user=worker, children=[child], raw=an_email())
    assert emails.max_bytes() == 500


def test_an_auditor_may_not_file_an_email(now, auditor, child):
    with pytest.raises(PermissionDenied):
        services.email_file(user=auditor, children=[child], raw=an_email())


# The page ---------------------------------------------------------------------------------


def test_the_page_files_an_uploaded_eml(now, client, worker, child):
    client.force_login(worker)
    upload = SimpleUploadedFile("message.eml", an_email(), content_type="message/rfc822")

    response = client.post(URL, {"file": upload, "children": [str(child.pk)]})

    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
    assert FiledEmail.objects.get().observations.get() == observation


def test_the_page_files_pasted_text(now, client, worker, child):
    client.force_login(worker)
    raw = an_email(attachments=()).decode()

    response = client.post(URL, {"raw": raw, "children": [str(child.pk)]})

    assert response.status_code == 302
    assert Observation.objects.get().summary == "Amelia: bruising seen at clinic"


def test_the_page_shows_a_clear_error_for_a_broken_file(now, client, worker, child):
    client.force_login(worker)
    upload = SimpleUploadedFile("message.eml", b"garbage", content_type="message/rfc822")

    response = client.post(URL, {"file": upload, "children": [str(child.pk)]})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "has no sender (From)" in response.content.decode()
    assert not Observation.objects.exists()


def test_the_page_asks_for_a_file_or_text_and_a_child(now, client, worker, child):
    client.force_login(worker)
    page = client.post(URL, {}).content.decode()
    assert "Upload the email as a .eml file, or paste it" in page
    assert "Select at least one child" in page


def test_the_page_offers_the_child_one_came_from(now, client, colleague, child):
    client.force_login(colleague)  # in the team, not allocated
    page = client.get(URL, {"child": child.pk}).content.decode()
    assert "Amelia Hughes (A0001)" in page


def test_another_teams_worker_gets_404_for_the_child(now, client, otherworker, child):
    client.force_login(otherworker)
    assert client.get(URL, {"child": child.pk}).status_code == 404


def test_an_auditor_gets_403(now, client, auditor):
    client.force_login(auditor)
    assert client.get(URL).status_code == 403


def test_a_visitor_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_runs_a_fixed_number_of_queries(
    now, client, worker, child, sibling, django_assert_num_queries
):
    client.force_login(worker)
    # session, user, the caseload, its legal statuses, unread count (header)
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200


def test_the_childs_file_has_an_emails_tab_listing_them(now, client, worker, child, sibling):
    filed = services.email_file(user=worker, children=[child, sibling], raw=an_email())
    client.force_login(worker)

    page = client.get(child.get_absolute_url()).content.decode()

    own = filed.observations.get(child=child)
    assert "Emails (1)" in page
    assert f'href="{own.get_absolute_url()}">Amelia: bruising seen at clinic</a>' in page
    assert f"{URL}?child={child.pk}" in page


def test_the_emails_tab_runs_one_query(now, rf, worker, child, django_assert_num_queries):
    from absence.views import file_tab_context

    for _ in range(3):
        services.email_file(user=worker, children=[child], raw=an_email())
    request = rf.get("/")
    request.user = worker
    with django_assert_num_queries(1):
        tab = file_tab_context(request, child)
    assert tab["count"] == 3
