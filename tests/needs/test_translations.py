import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            ["Enregistrer le brouillon", "Ajouter un besoin de formation", "Capacités existantes"],
        ),
        (
            "es",
            ["Guardar borrador", "Añadir una necesidad de capacitación", "Capacidades existentes"],
        ),
    ],
)
def test_response_form_in_the_nfps_language(client, nfp_kenya, open_round, language, words):
    client.force_login(nfp_kenya)
    client.post(reverse("set_language"), {"language": language, "next": "/needs/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    page = client.get(reverse("needs:response-edit", kwargs={"round_pk": open_round.pk}))
    html = page.content.decode()
    for word in words:
        assert word in html
