"""Reading an email (an uploaded .eml file or pasted text) for filing on a child's record.

Python's `email` package with the modern policy reads the headers and the body; anything
it cannot make sense of (no sender, no date, no recipients, a body that will not decode)
is refused with a message saying what is wrong, before anything is saved.
"""

from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import strip_tags


def max_bytes() -> int:
    """The largest email accepted, attachments included (default: the document limit)."""
    return getattr(settings, "EMAIL_IMPORT_MAX_BYTES", settings.DOCUMENT_MAX_BYTES)


def too_large() -> str:
    return f"The email must be {filesizeformat(max_bytes())} or smaller, with its attachments."


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.filename, self.content)


@dataclass(frozen=True)
class ParsedEmail:
    sender: str
    to: list[str]
    cc: list[str]
    sent_at: datetime
    subject: str
    message_id: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)

    def as_record(self) -> str:
        """The text of the observation: the headers as read, then the message."""
        lines = [
            f"From: {self.sender}",
            f"To: {', '.join(self.to)}",
            *([f"Cc: {', '.join(self.cc)}"] if self.cc else []),
            f"Date: {timezone.localtime(self.sent_at):%-d %B %Y, %H:%M}",
            f"Subject: {self.subject}",
        ]
        if self.attachments:
            names = ", ".join(a.filename for a in self.attachments)
            lines.append(f"Attachments (kept as documents on the file): {names}")
        return "\n".join(lines) + "\n\n" + self.body.strip()


BROKEN = (
    "The file is not an email that can be read: it has no {what}. "
    "Save the email as .eml and try again."
)


def _addresses(message: EmailMessage, name: str) -> list[str]:
    values = message.get_all(name) or []
    return [
        f"{real} <{address}>" if real else address
        for real, address in getaddresses([str(v) for v in values])
        if address
    ]


def _date(message: EmailMessage) -> datetime:
    header = message["Date"]
    when = getattr(header, "datetime", None)
    if when is None:
        raise ValidationError({"file": BROKEN.format(what="date it was sent (Date)")})
    # An email without a zone offset is read as London time.
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    return strip_tags(text) if part.get_content_type() == "text/html" else text


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes):  # an attached email (message/rfc822): keep as text
            content = part.as_bytes(policy=policy.default)
        found.append(Attachment(part.get_filename() or f"attachment-{number}", content))
    return found


def parse(raw: bytes) -> ParsedEmail:
    """Read the email's headers, text and attachments, or refuse it with a clear reason."""
    if not raw.strip():
        raise ValidationError({"file": "The email is empty."})
    if len(raw) > max_bytes():
        raise ValidationError({"file": too_large()})
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        sender = _addresses(message, "From")
        if not sender:
            raise ValidationError({"file": BROKEN.format(what="sender (From)")})
        to = _addresses(message, "To")
        if not to:
            raise ValidationError({"file": BROKEN.format(what="recipients (To)")})
        return ParsedEmail(
            sender=sender[0],
            to=to,
            cc=_addresses(message, "Cc"),
            sent_at=_date(message),
            subject=str(message["Subject"] or "").strip(),
            message_id=str(message["Message-ID"] or "").strip(),
            body=_body(message),
            attachments=_attachments(message),
        )
    except ValidationError:
        raise
    except (LookupError, ValueError, TypeError, AttributeError, IndexError) as error:
        # An unknown character set, a broken MIME structure, a header that will not parse.
        raise ValidationError(
            {"file": "The email could not be read: its format is damaged. Save it again as .eml."}
        ) from error
