"""Upload a document (`/children/<pk>/documents/new/`) and download it (`/documents/<pk>/`)."""

from datetime import date

import pytest
import time_machine
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caserecords import services
from caserecords.forms.children import DocumentForm
from caserecords.models import Document

PDF = b"%PDF-1.4\n% a safety plan\n" + b"0" * 500
# A Windows program renamed to look like a PDF.
DISGUISED = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload_url(child) -> str:
    return reverse("caserecords:document-new", args=[child.pk])


def download_url(document) -> str:
    return reverse("caserecords:document", args=[document.pk])


def field_data(form_class, name: str, value) -> dict[str, str]:
    """POST data for a field as its widget expects it (the GOV.UK date input has parts)."""
    widget = form_class.base_fields[name].widget
    if isinstance(widget, forms.MultiWidget):
        parts = zip(widget.widgets_names, widget.decompress(value), strict=True)
        return {f"{name}{suffix}": part for suffix, part in parts if part is not None}
    return {name: value.isoformat()}


def form_data(content: bytes = PDF, name: str = "safety-plan.pdf", **overrides):
    data = {
        "file": SimpleUploadedFile(name, content),
        "document_type": "safety_plan",
        "title": "Safety plan agreed with mother",
        **field_data(DocumentForm, "document_date", date(2026, 11, 2)),
        "copy_given_to_family": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def document(child, worker):
    return services.document_upload(
        child=child,
        user=worker,
        upload=SimpleUploadedFile("Safety plan (final).pdf", PDF),
        document_type="safety_plan",
        title="Safety plan",
        document_date=date(2026, 11, 2),
        copy_given_to_family=False,
    )


# Upload --------------------------------------------------------------------------------


def test_the_upload_page_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, child):
    response = client.get(upload_url(child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("worker", 200), ("director", 200), ("otherworker", 404), ("auditor", 404)],
)
def test_only_those_who_can_see_the_file_get_the_upload_form(
    client, everyone, child, persona, status
):
    client.force_login(everyone[persona])
    response = client.get(upload_url(child))
    assert response.status_code == status
    if status == 200:
        assert 'enctype="multipart/form-data"' in response.content.decode()


def test_another_team_cannot_upload_onto_the_file(client, otherworker, child):
    client.force_login(otherworker)
    assert client.post(upload_url(child), form_data()).status_code == 404
    assert not Document.objects.exists()


@time_machine.travel(date(2026, 11, 12), tick=False)
def test_it_stores_the_document_and_goes_back_to_the_file_with_a_message(
    client, worker, child, media
):
    client.force_login(worker)
    response = client.post(upload_url(child), form_data(), follow=True)
    assert response.redirect_chain == [(f"{child.get_absolute_url()}#documents", 302)]
    [document] = Document.objects.filter(child=child)
    assert document.title == "Safety plan agreed with mother"
    assert document.document_type == "safety_plan"
    assert document.document_date == date(2026, 11, 2)
    assert document.copy_given_to_family is True
    assert document.content_type == "application/pdf"
    assert document.original_name == "safety-plan.pdf"
    assert document.uploaded_by == worker
    assert (media / document.file.name).read_bytes() == PDF
    assert [str(m) for m in response.context["messages"]] == [
        "“Safety plan agreed with mother” has been added to the file."
    ]
    assert download_url(document) in response.content.decode()


@time_machine.travel(date(2026, 11, 12), tick=False)
def test_a_disguised_binary_is_refused_on_the_file_field(client, worker, child):
    client.force_login(worker)
    response = client.post(upload_url(child), form_data(DISGUISED, "report.pdf"))
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert message.startswith("The selected file must be one of:")
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The selected file must be one of:" in html
    assert not Document.objects.exists()


@time_machine.travel(date(2026, 11, 12), tick=False)
def test_an_empty_form_shows_every_error_in_the_summary_and_saves_nothing(client, worker, child):
    client.force_login(worker)
    response = client.post(upload_url(child), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    for message in [
        "Select a file to upload",
        "Select the type of document",
        "Enter a title for the document",
        "Select yes if a copy was given to the family",
    ]:
        assert message in html
    assert "document_date" in response.context["form"].errors
    assert not Document.objects.exists()


@time_machine.travel(date(2026, 11, 12), tick=False)
def test_a_document_dated_in_the_future_is_refused_on_its_date(client, worker, child):
    client.force_login(worker)
    data = form_data(**field_data(DocumentForm, "document_date", date(2026, 11, 13)))
    response = client.post(upload_url(child), data)
    assert response.context["form"].errors["document_date"] == [
        "The date of the document must be today or in the past."
    ]
    assert not Document.objects.exists()


# Download ------------------------------------------------------------------------------


def test_the_worker_downloads_the_document_as_an_attachment(client, worker, document):
    client.force_login(worker)
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Safety plan (final).pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("colleague", 200), ("director", 200), ("otherworker", 404), ("auditor", 404)],
)
def test_only_those_who_can_see_the_file_can_download(client, everyone, document, persona, status):
    client.force_login(everyone[persona])
    assert client.get(download_url(document)).status_code == status


def test_the_download_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, document):
    response = client.get(download_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
