"""Documents on the child's file, checked by size and by content."""

import hashlib
from datetime import date

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from staff.models import User

from .. import access
from ..models import (
    Child,
    Document,
)

DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/msword": "Word 97-2003 document",
}
TEXT_TYPE = "text/plain"


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in DOCUMENT_TYPES else None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # The sample may end inside a multi-byte character; try once more without it.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return TEXT_TYPE if b"\x00" not in head else None


@transaction.atomic
def document_upload(
    *,
    child: Child,
    user: User,
    upload: UploadedFile,
    document_type: str,
    title: str,
    document_date: date,
    copy_given_to_family: bool,
) -> Document:
    """Put a document on the child's file, checked by size and by content type."""
    if not access.can_upload(user, child):
        raise PermissionDenied("Your role cannot upload documents.")
    limit = settings.DOCUMENT_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    if size > limit:
        message = f"The selected file must be {filesizeformat(limit)} or smaller."
        raise ValidationError({"file": message})
    content_type = _sniff(upload)
    if content_type is None:
        allowed = ", ".join(sorted({*DOCUMENT_TYPES.values(), "plain text"}))
        raise ValidationError({"file": f"The selected file must be one of: {allowed}."})
    if document_date > timezone.localdate():
        raise ValidationError(
            {"document_date": "The date of the document must be today or in the past."}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        child=child,
        document_type=document_type,
        title=title,
        document_date=document_date,
        original_name=(upload.name or "document")[:255],
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        copy_given_to_family=copy_given_to_family,
        uploaded_by=user,
    )
    document.full_clean(exclude=["file"])  # before writing, so a refusal leaves no stray file
    document.file.save(upload.name or "document", upload, save=False)
    document.save()
    return document
