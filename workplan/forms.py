"""Forms shared by the admin of every app."""

import codecs
import re
import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.forms import ImportForm

XLSX_MAGIC = b"PK\x03\x04"


class SafeImportForm(ImportForm):
    """The admin's import form, refusing a file before any row is read when it is too big, of
    the wrong type, or a compressed bomb. The rows themselves are then validated by the
    resource, in a dry run, in one transaction.
    """

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        fmt = cleaned.get("format")
        if upload is None or fmt in (None, ""):
            return cleaned
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        title = dict(self.fields["format"].choices).get(str(fmt), "").lower()
        head = upload.read(4096)
        upload.seek(0)
        if title == "xlsx":
            self._check_xlsx(upload, head)
        elif title == "csv":
            self._check_csv(upload, head)
        return cleaned

    @staticmethod
    def _check_xlsx(upload, head):
        if not head.startswith(XLSX_MAGIC):
            raise forms.ValidationError(
                _("This is not an Excel .xlsx file. Save it as .xlsx, or choose CSV.")
            )
        try:
            with zipfile.ZipFile(upload) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
                if unpacked <= settings.IMPORT_MAX_UNPACKED_BYTES:
                    SafeImportForm._check_xml_declarations(archive)
        except zipfile.BadZipFile:
            raise forms.ValidationError(
                _("This .xlsx file is damaged and cannot be read.")
            ) from None
        finally:
            upload.seek(0)
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise forms.ValidationError(
                _("This .xlsx file unpacks to %(size)s, more than a work-plan sheet can hold.")
                % {"size": filesizeformat(unpacked)}
            )

    @staticmethod
    def _check_csv(upload, head):
        name = upload.name
        if b"\x00" in head or head.startswith(XLSX_MAGIC):
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise forms.ValidationError(
                    _(
                        '%(name)s is saved as UTF-16 ("Unicode text"). Save it as '
                        "'CSV UTF-8' and try again."
                    )
                    % {"name": name}
                )
            raise forms.ValidationError(
                _("%(name)s is not a text CSV file. Choose the xlsx format for Excel files.")
                % {"name": name}
            )
        # The whole file, not its beginning: a stray Latin-1 "é" on row 5,000 is found too.
        decoder = codecs.getincrementaldecoder("utf-8")()
        line, offset = 1, 0
        try:
            for chunk in upload.chunks():
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    start = error.start - (len(error.object) - len(chunk))
                    bad = offset + start
                    line += chunk.count(b"\n", 0, max(start, 0))
                    raise forms.ValidationError(
                        _(
                            "%(name)s is not UTF-8 text: byte %(byte)s on line %(line)s (at "
                            "byte %(offset)s) is not UTF-8. Save it as 'CSV UTF-8' and try "
                            "again."
                        )
                        % {
                            "name": name,
                            "byte": f"0x{error.object[error.start]:02X}",
                            "line": line,
                            "offset": bad,
                        }
                    ) from None
                line += chunk.count(b"\n")
                offset += len(chunk)
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("%(name)s ends in the middle of a character: it is cut short or not UTF-8.")
                    % {"name": name}
                ) from None
        finally:
            upload.seek(0)

    @staticmethod
    def _check_xml_declarations(archive):
        """Refuse XML parts that declare a DTD or entities: spreadsheets never need them, and
        they are how external-entity (XXE) and entity-expansion ("billion laughs") attacks
        work. Checked on the raw parts, before any XML parser sees them."""
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            tail = b""
            with archive.open(info) as part:
                while chunk := part.read(64 * 1024):
                    window = (tail + chunk).upper()
                    if b"<!ENTITY" in window:
                        external = re.search(rb"<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b", window)
                        if external:
                            raise forms.ValidationError(
                                _(
                                    "This .xlsx file refers to external XML entities (in "
                                    "%(part)s), a way to read files from the server (XXE). "
                                    "It was refused; save the sheet again from Excel or "
                                    "LibreOffice."
                                )
                                % {"part": info.filename}
                            )
                        raise forms.ValidationError(
                            _(
                                "This .xlsx file declares XML entities (in %(part)s), a way to "
                                "make a small file expand without limit. It was refused; save "
                                "the sheet again from Excel or LibreOffice."
                            )
                            % {"part": info.filename}
                        )
                    if b"<!DOCTYPE" in window:
                        raise forms.ValidationError(
                            _(
                                "This .xlsx file carries an XML document type declaration (in "
                                "%(part)s), which spreadsheets never need. It was refused; "
                                "save the sheet again from Excel or LibreOffice."
                            )
                            % {"part": info.filename}
                        )
                    tail = chunk[-16:]


def import_read_error_message(error):
    """What the admin says when a file passed the checks above and still cannot be read: the
    problem by name, never the library's "<Exception> encountered"."""
    from defusedxml import DefusedXmlException

    if isinstance(error, DefusedXmlException):
        return _(
            "This file declares XML entities or a document type, which could read the server's "
            "files or expand without limit (XXE). It was refused."
        )
    if isinstance(error, UnicodeDecodeError):
        return _("This file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")
    if isinstance(error, zipfile.BadZipFile | KeyError):
        return _("This .xlsx file is damaged or is not a spreadsheet, and cannot be read.")
    return _(
        "This file cannot be read as the format chosen (%(error)s). Check the format, or save "
        "the sheet again."
    ) % {"error": type(error).__name__}
