"""An NFP reads the handbook pages in French or Spanish."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "heading", "button", "status"),
    [
        ("fr", "Suggestions de : Kenya", "Proposer du contenu", "Nouvelle"),
        ("es", "Sugerencias de Kenya", "Proponer contenido", "Nueva"),
    ],
)
def test_suggestion_pages_in_the_nfps_language(
    client, nfp_kenya, kenya, plan, language, heading, button, status
):
    from tests.handbook.factories import make_suggestion

    make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya)
    client.force_login(nfp_kenya)
    client.cookies["django_language"] = language
    html = client.get(reverse("handbook:suggestion-list")).content.decode()
    assert heading in html and button in html and f">{status}<" in html


def test_public_page_in_french(client, chapters):
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("handbook:home")).content.decode()
    assert "1 chapitres publiés sur 3, 1 en relecture" in html
    assert "En rédaction" in html and "Enquête sur le contenu" in html
