"""HTML to PDF on the server with WeasyPrint, which needs Pango from the system.

WeasyPrint is imported when a PDF is asked for, not at start-up: a machine without Pango still
serves every other page, and the PDF page says what to install.
"""

from django.utils.translation import gettext as _


class RendererMissing(Exception):
    """WeasyPrint or the system libraries it needs are not installed."""


def render(html, *, css, base_url):
    """The PDF of ``html`` styled by ``css``, as bytes. Raises ``RendererMissing`` without
    WeasyPrint or Pango."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:
        # WeasyPrint raises OSError when it cannot load libpango / libgobject.
        raise RendererMissing(
            _(
                "The PDF renderer cannot start on this server (%(error)s). Install the Pango "
                "libraries (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) and "
                "WeasyPrint (pip install -e .), then reload this page."
            )
            % {"error": error.__class__.__name__}
        ) from error
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(string=css)])
