"""Anyone reads the handbook's editions, chapters, languages and progress without logging in."""

from datetime import date

from django.urls import reverse

from handbook.models import Chapter, Distribution, Edition, WorkStatus
from tests.handbook.factories import make_suggestion

HOME = reverse("handbook:home")


def test_public_page_shows_editions_chapters_and_progress(client, chapters, published_fr):
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    english = html.split('data-edition="en-1"')[1].split("</section>")[0]
    assert "Drafting" in english
    assert "Joining CMS" in english and "Flyway management" in english
    assert "1 of 3 chapters published, 1 in review" in english
    assert 'data-width="33"' in english  # published share, sized by handbook-progress.js
    assert "US$70,000–US$120,000" in english
    assert "Scientific Council" in english  # chapter 3 draws on the ScC
    languages = html.split('id="languages-published"')[1].split("</p>")[0]
    assert "French" in languages and "English" not in languages
    assert "English" in html.split('id="languages-coming"')[1].split("</p>")[0]
    assert "500 copies printed" in html


def test_public_page_without_a_handbook_says_so(client, db):
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Work on the handbook has not started yet." in response.content.decode()


def test_survey_totals_count_outcomes(client, plan, nfp_kenya, kenya, chapters):
    make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya)
    make_suggestion(
        plan=plan,
        proposer=nfp_kenya,
        country=kenya,
        status="accepted",
        accepted_chapter=chapters[0],
    )
    html = client.get(HOME).content.decode()
    assert "2 suggestions received: 1 accepted, 0 merged, 0 declined, 1 awaiting triage" in html
    row = html.split('data-chapter="1"')[1].split("</tr>")[0]
    assert '<td class="text-end">1</td>' in row


def test_public_page_queries_are_bounded(
    client, plan, nfp_kenya, kenya, django_assert_max_num_queries
):
    from handbook.models import Suggestion

    editions = [Edition.objects.create(plan=plan, language=lang) for lang in ("en", "fr", "es")]
    Chapter.objects.bulk_create(
        Chapter(
            edition=editions[n % 3],
            number=n,
            title=f"Chapter {n}",
            status=WorkStatus.PUBLISHED if n % 2 else WorkStatus.DRAFTING,
        )
        for n in range(1, 51)
    )
    first = Chapter.objects.order_by("pk").first()
    Suggestion.objects.bulk_create(
        Suggestion(
            plan=plan,
            proposer=nfp_kenya,
            country=kenya,
            theme=f"Theme {n}",
            text="Text",
            status="accepted" if n % 4 == 0 else "new",
            accepted_chapter=first if n % 4 == 0 else None,
        )
        for n in range(2000)
    )
    # plan, editions with progress counts, chapters with accepted counts, working group,
    # target groups, survey totals: 6 whatever the number of chapters and suggestions
    with django_assert_max_num_queries(6):
        response = client.get(HOME)
    html = response.content.decode()
    assert html.count("data-chapter=") == 50
    assert "2,000 suggestions received" in html or "2000 suggestions received" in html
    assert '<td class="text-end">500</td>' in html


def test_edition_page_shows_chapters_and_distribution(client, chapters, edition, kenya, peru):
    Distribution.objects.create(edition=edition, country=kenya, copies=40, date=date(2014, 5, 1))
    Distribution.objects.create(edition=edition, country=peru, copies=10, date=date(2014, 6, 1))
    response = client.get(edition.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reporting to the Convention" in html
    assert "50 copies sent to 2 countries." in html
    assert "No training-of-trainers workshop teaches this edition yet." in html


def test_unknown_edition_is_404(client, db):
    assert client.get(reverse("handbook:edition-detail", args=[999])).status_code == 404
