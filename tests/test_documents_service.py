"""Documents on the child's file (seed 004): checked by size and by content, with a checksum."""

import hashlib
import random
import struct
import zlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from caserecords import services
from caserecords.models import Document
from staff.models import Role

from .factories import UserFactory

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=ZoneInfo("Europe/London"))


def tiny_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def tiny_png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def tiny_exe() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(child, user, name, content, **overrides):
    arguments = {
        "document_type": "safety_plan",
        "title": "Safety plan agreed with mother",
        "document_date": date(2026, 11, 2),
        "copy_given_to_family": True,
        **overrides,
    }
    return services.document_upload(
        child=child, user=user, upload=SimpleUploadedFile(name, content), **arguments
    )


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


def test_the_test_pdf_and_png_are_well_formed():
    """Guards the premise: the bytes below are what their names say."""
    pdf = tiny_pdf()
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref:].startswith(b"xref")
    png = tiny_png()
    assert (
        zlib.decompress(png[png.index(b"IDAT") + 4 : png.index(b"IEND") - 8]) == b"\x00\xff\xff\xff"
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("safety plan.pdf", tiny_pdf(), "application/pdf"),
        ("drawing.png", tiny_png(), "image/png"),
        ("notes.txt", "Notes from the visit – Amelia’s words".encode(), "text/plain"),
    ],
)
def test_it_stores_a_document_with_its_checksum_and_size(
    child, worker, media, name, content, content_type
):
    document = upload(child, worker, name, content)
    document.refresh_from_db()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.content_type == content_type
    assert document.original_name == name
    assert document.uploaded_by == worker
    assert document.copy_given_to_family is True
    [path] = stored_files(media)
    assert path.read_bytes() == content
    assert name not in str(path)  # the stored name never reuses the uploaded one
    with document.file.open("rb") as stored:
        assert stored.read() == content


def test_business_support_can_upload_paper_documents(child, team_a):
    support = UserFactory(username="support", role=Role.BUSINESS_SUPPORT, team=team_a)
    assert upload(child, support, "letter.pdf", tiny_pdf()).uploaded_by == support


def test_it_refuses_an_empty_file(child, worker, media):
    with pytest.raises(ValidationError) as error:
        upload(child, worker, "empty.pdf", b"")
    assert error.value.message_dict["file"] == ["The selected file is empty."]
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_it_refuses_a_file_over_the_size_limit(child, worker, media, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    content = tiny_pdf()
    assert len(content) > 100
    with pytest.raises(ValidationError) as error:
        upload(child, worker, "plan.pdf", content)
    assert error.value.message_dict["file"] == [
        "The selected file must be 100\xa0bytes or smaller."
    ]
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_file_at_the_size_limit_is_accepted(child, worker, settings):
    content = tiny_png()
    settings.DOCUMENT_MAX_BYTES = len(content)
    assert upload(child, worker, "drawing.png", content).size == len(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", tiny_exe()),
        ("safety plan.pdf", tiny_exe()),  # an executable renamed
        ("safety plan.pdf", random.Random(2026).randbytes(4096)),  # noise renamed
        ("archive.pdf", zlib.compress(b"not a pdf") + b"\x00"),
    ],
)
def test_it_judges_the_type_by_content_not_by_name(child, worker, media, name, content):
    with pytest.raises(ValidationError) as error:
        upload(child, worker, name, content)
    assert error.value.message_dict["file"][0].startswith("The selected file must be one of: ")
    assert "PDF" in error.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_it_refuses_a_document_dated_in_the_future(child, worker):
    with pytest.raises(ValidationError) as error:
        upload(child, worker, "plan.pdf", tiny_pdf(), document_date=date(2026, 11, 3))
    assert "document_date" in error.value.message_dict


@pytest.mark.parametrize("who", ["auditor", "administrator"])
def test_it_refuses_a_user_who_cannot_upload(request, child, media, who):
    with pytest.raises(PermissionDenied):
        upload(child, request.getfixturevalue(who), "plan.pdf", tiny_pdf())
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_refused_document_leaves_no_file_behind(child, worker, media):
    with pytest.raises(ValidationError) as error:
        upload(child, worker, "plan.pdf", tiny_pdf(), document_type="passport", title="")
    assert set(error.value.message_dict) == {"document_type", "title"}
    assert stored_files(media) == []
