"""Uploads: size limit, type by content, stored outside the web root, served only through
the access-checked download, and a clear page when a stored file has gone missing."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from caserecords import services
from caserecords.models import AccessLog

PDF = b"%PDF-1.4\n% a safety plan\n" + b"0" * 500
# A Windows program named like a PDF.
DISGUISED = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def upload(child, user, content: bytes = PDF, name: str = "plan.pdf"):
    return services.document_upload(
        child=child,
        user=user,
        upload=SimpleUploadedFile(name, content),
        document_type="safety_plan",
        title="Safety plan",
        document_date=date(2026, 11, 2),
        copy_given_to_family=False,
    )


def test_the_configured_upload_folder_is_outside_the_web_root():
    media = Path(django_settings.MEDIA_ROOT).resolve()
    served = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]

    for folder in served:
        folder = folder.resolve()
        assert folder not in media.parents and folder != media
        assert media not in folder.parents


def test_no_url_serves_the_stored_file_directly(client, worker, child, media):
    document = upload(child, worker)
    client.force_login(worker)
    name = document.file.name

    for path in (f"/{name}", f"/media/{name}", f"/uploads/{name}", f"/static/{name}"):
        assert client.get(path).status_code == 404, path


def test_a_file_over_the_limit_is_refused(settings, worker, child, media):
    settings.DOCUMENT_MAX_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        upload(child, worker)

    message = "The selected file must be 100\xa0bytes or smaller."
    assert refused.value.message_dict == {"file": [message]}
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_the_type_is_read_from_the_content_not_the_name(worker, child):
    with pytest.raises(ValidationError) as refused:
        upload(child, worker, DISGUISED, "safety-plan.pdf")

    assert "must be one of" in refused.value.message_dict["file"][0]


def test_a_name_that_climbs_out_of_the_folder_is_stored_inside_it(worker, child, media):
    document = upload(child, worker, name="../../etc/passwd.pdf")

    stored = (media / document.file.name).resolve()
    assert media.resolve() in stored.parents
    assert document.original_name == "passwd.pdf"


def test_a_download_is_logged_once_as_a_read_of_the_file(client, worker, child):
    document = upload(child, worker)
    client.force_login(worker)

    response = client.get(f"/documents/{document.pk}/")

    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.child, log.what) == (worker, child, f"document {document.pk}")


def test_another_teams_worker_gets_404_and_no_log(client, worker, otherworker, child):
    document = upload(child, worker)
    client.force_login(otherworker)

    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert not AccessLog.objects.exists()


def test_a_file_missing_from_storage_answers_a_clear_404_page(client, worker, child, media, caplog):
    document = upload(child, worker)
    (media / document.file.name).unlink()
    client.force_login(worker)

    response = client.get(f"/documents/{document.pk}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "The file for this document is missing" in html
    assert f"giving the document number {document.pk}" in html
    assert f'href="/children/{child.pk}/"' in html
    assert f"Document {document.pk}: its file" in caplog.text
