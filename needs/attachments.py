"""Documents attached to a country's response while it can still change.

A file is recognised by its content (the ``filetype`` package reads its first bytes; office
files are confirmed by their zip parts), never by its name: an executable renamed ``.pdf`` is
refused. Files go through Django's storage API under a random name; only the download view,
which asks ``ResponseAttachment.objects.visible_to``, ever reads them back.
"""

import hashlib
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from needs.models import ResponseAttachment
from needs.services import response_ensure_editable, response_locked

# Detected type -> extension given to the stored file.
ACCEPTED = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
# filetype recognises an office file from its first 8 KiB; a big one may look like a plain zip.
# Its parts then say what it is.
ZIP_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}


def detect_type(upload):
    """The file's real type (a MIME type) from its content, or None if unknown."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/zip":
        mime = _office_type(upload)
    upload.seek(0)
    return mime


def _office_type(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            for part, mime in ZIP_PARTS.items():
                if part in names:
                    return mime
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in ODF_MIMETYPES else None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def _check(upload):
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a document may be at most %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name}, code="empty")
    mime = detect_type(upload)
    if mime not in ACCEPTED:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, Word (DOCX), Excel (XLSX), OpenDocument or image "
                "file (judged by its content, not its name): it was not attached."
            )
            % {"name": upload.name},
            code="type",
        )
    return mime


def _digest(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attachment_add(*, assessment_round, country, user, upload):
    """Attach an uploaded file to the country's response (created as a draft if needed).

    The same content sent again (a double click, a retried POST) returns the document
    already attached instead of storing it twice."""
    mime = _check(upload)
    sha256 = _digest(upload)
    response = response_locked(assessment_round=assessment_round, country=country)
    response_ensure_editable(response)
    existing = response.attachments.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    if response.attachments.count() >= settings.ATTACHMENT_MAX_FILES:
        raise ValidationError(
            _("A response can have at most %(n)s documents; remove one first.")
            % {"n": settings.ATTACHMENT_MAX_FILES},
            code="too_many",
        )
    attachment = ResponseAttachment(
        response=response,
        name=upload.name[:255],
        content_type=mime,
        extension=ACCEPTED[mime],
        size=upload.size,
        sha256=sha256,
        uploaded_by=user,
    )
    attachment.file.save("upload", upload, save=False)
    # A row that cannot be saved must not leave its stored file behind.
    stored, storage = attachment.file.name, attachment.file.storage
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, user):
    """Remove a document while the response can still change; the file goes after the commit."""
    response = response_locked(
        assessment_round=attachment.response.round, country=attachment.response.country
    )
    response_ensure_editable(response)
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
