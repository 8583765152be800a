"""Forms shared by the admin of every app."""

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
            self._check_csv(upload.name, head)
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
    def _check_csv(name, head):
        if b"\x00" in head or head.startswith(XLSX_MAGIC):
            raise forms.ValidationError(
                _("%(name)s is not a text CSV file. Choose the xlsx format for Excel files.")
                % {"name": name}
            )
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character may be cut at the 4096th byte; only earlier errors count.
            if error.start < len(head) - 4:
                raise forms.ValidationError(
                    _("%(name)s is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")
                    % {"name": name}
                ) from None
