"""Training-of-trainers workshops (2.4) are strand 1 events of kind "tot" teaching an edition."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from handbook import services
from handbook.models import TargetGroup, ToTWorkshop
from needs.models import TrainingEvent


def _event(kind, title="ToT on the CMS Handbook", **extra):
    return TrainingEvent.objects.create(
        kind=kind,
        title=title,
        start_date=date(2013, 9, 2),
        end_date=date(2013, 9, 5),
        **extra,
    )


def test_a_tot_event_teaches_an_edition_and_shows_on_its_page(
    client, edition, chapters, kenya, django_assert_max_num_queries
):
    group = TargetGroup.objects.create(plan=edition.plan, name="Regional trainers")
    event = _event(
        TrainingEvent.Kind.TOT, city="Nairobi", country=kenya, trainees_women=12, trainees_men=10
    )
    services.tot_workshop_link(
        event=event, edition=edition, target_group=group, focus="Flyway monitoring"
    )
    # edition with progress, chapters with accepted counts, workshops with events,
    # distribution totals: 4
    with django_assert_max_num_queries(4):
        response = client.get(edition.get_absolute_url())
    workshops = response.content.decode().split('id="tot-workshops"')[1].split("</ul>")[0]
    assert "ToT on the CMS Handbook" in workshops
    assert "Nairobi, Kenya" in workshops and "22 trainees" in workshops
    assert "Regional trainers" in workshops and "Flyway monitoring" in workshops


@pytest.mark.parametrize("kind", [TrainingEvent.Kind.REGIONAL, TrainingEvent.Kind.NATIONAL])
def test_only_a_training_of_trainers_can_be_linked(edition, kind):
    event = _event(kind, title="Regional training")
    with pytest.raises(ValidationError) as error:
        services.tot_workshop_link(event=event, edition=edition)
    assert error.value.message_dict["event"] == [
        "Only a training event of kind “training of trainers” can be a ToT workshop."
    ]
    assert not ToTWorkshop.objects.exists()


def test_linking_again_moves_the_workshop_to_the_new_edition(edition, published_fr):
    event = _event(TrainingEvent.Kind.TOT)
    services.tot_workshop_link(event=event, edition=edition)
    services.tot_workshop_link(event=event, edition=published_fr)
    assert ToTWorkshop.objects.get().edition == published_fr


def test_admin_lists_and_exports_workshops(client, secretariat, edition):
    services.tot_workshop_link(event=_event(TrainingEvent.Kind.TOT), edition=edition)
    client.force_login(secretariat)
    response = client.get(reverse("admin:handbook_totworkshop_changelist"))
    assert response.status_code == 200
    assert "ToT on the CMS Handbook" in response.content.decode()
    from handbook.resources import ToTWorkshopResource

    fields = ToTWorkshopResource._meta.fields
    export = client.post(
        reverse("admin:handbook_totworkshop_export"),
        {"format": "0", **{f"totworkshopresource_{f}": "on" for f in fields}},
    )
    assert export.status_code == 200
    assert "2013-09-02" in export.content.decode("utf-8-sig")
