import re

import pytest
from django.core import mail
from django.urls import reverse

from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Membership, Role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "ar", "tr", "uk", "ru", "fa"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_town_start_page_in_every_language(client, bensheim, language):
    response = client.get(f"/{language}/bensheim/")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if language in {"ar", "fa"} else "ltr"
    assert f'<html lang="{language}" dir="{direction}"' in html
    assert "Bensheim" in html and "Vielfalt gemeinsam gestalten" in html


def test_language_switcher_links_to_the_same_page_in_every_language(client, bensheim):
    html = client.get("/de/bensheim/").content.decode()
    for language in LANGUAGES:
        assert f'href="/{language}/bensheim/" hreflang="{language}" lang="{language}"' in html


def test_root_redirects_to_a_language(client, bensheim):
    response = client.get("/", headers={"accept-language": "ar"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_platform_home_lists_active_towns_only(client, bensheim, minden):
    minden.is_active = False
    minden.save()
    html = client.get("/de/").content.decode()
    assert "Bensheim" in html and "Minden" not in html
    assert client.get("/de/minden/").status_code == 404


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("/de/gibt-es-nicht/", "de", "Seite nicht gefunden"),
        ("/ar/gibt-es-nicht/", "ar", 'dir="rtl"'),
        ("/en/bensheim/no-such-page/", "en", "Page not found"),
    ],
)
def test_unknown_town_or_page_is_a_404_in_the_visitors_language(
    client, bensheim, path, language, expected
):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'lang="{language}"' in html and expected in html


def test_logo_placeholder_and_theme_use_the_town_colours(client, bensheim):
    logo = client.get("/de/bensheim/logo.svg")
    assert logo["Content-Type"].startswith("image/svg+xml")
    assert "#005A9C" in logo.content.decode() and ">B<" in logo.content.decode()
    theme = client.get("/de/bensheim/theme.css").content.decode()
    assert "--town-primary: #005A9C" in theme


def test_a_colour_too_light_for_white_text_is_refused(bensheim):
    from django.core.exceptions import ValidationError

    bensheim.primary_colour = "#FFD700"
    with pytest.raises(ValidationError, match="4.5:1"):
        bensheim.full_clean()


# --- Workspace --------------------------------------------------------------------------------
def test_workspace_needs_a_login(client, bensheim):
    response = client.get("/de/bensheim/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reaches_its_town_workspace(client, bensheim, member_of, role):
    client.force_login(member_of(bensheim, role))
    assert client.get("/de/bensheim/workspace/").status_code == 200


def test_staff_see_only_towns_they_hold_a_role_in(client, bensheim, minden, member_of):
    user = member_of(minden, Role.READER)
    client.force_login(user)
    overview = client.get("/de/workspace/").content.decode()
    assert "Minden" in overview and "Bensheim" not in overview
    assert client.get("/de/bensheim/workspace/").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.INTEGRATION_GUIDE, Role.NETWORK_PARTNER, Role.BODY_MEMBER, Role.READER]
)
def test_only_coordination_manages_the_team(client, bensheim, member_of, role):
    client.force_login(member_of(bensheim, role))
    assert client.get("/de/bensheim/workspace/team/").status_code == 404


def test_coordination_invites_a_new_person(
    client, bensheim, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/de/bensheim/workspace/team/add/",
            {
                "email": "Neu@Example.org",
                "first_name": "Nora",
                "last_name": "Neu",
                "role": "reader",
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.for_municipality(bensheim).get(user__email="neu@example.org")
    assert membership.role == Role.READER
    assert not membership.user.has_usable_password()
    assert AuditEntry.objects.filter(action="membership.grant", municipality=bensheim).exists()
    (invitation,) = mail.outbox
    assert invitation.to == ["neu@example.org"]
    link = re.search(r"http://\S+", invitation.body).group(0)
    path = link.removeprefix("http://127.0.0.1:8000")
    # The link leads to allauth's "choose your password" form.
    followed = client.get(path, follow=True)
    assert followed.status_code == 200
    assert b'name="password1"' in followed.content


def test_a_network_partner_needs_an_organisation_of_the_same_town(
    client, bensheim, minden, coordinator
):
    client.force_login(coordinator)
    foreign = OrganisationFactory(municipality=minden)
    response = client.post(
        "/de/bensheim/workspace/team/add/",
        {"email": "p@example.org", "role": "network_partner", "organisation": foreign.pk},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Membership.objects.for_municipality(bensheim).filter(role="network_partner")
    own = OrganisationFactory(municipality=bensheim, name="Rat der Religionen")
    client.post(
        "/de/bensheim/workspace/team/add/",
        {"email": "p@example.org", "role": "network_partner", "organisation": own.pk},
    )
    assert (
        Membership.objects.for_municipality(bensheim).get(role="network_partner").organisation
        == own
    )


def test_the_last_coordinator_cannot_be_removed(client, bensheim, coordinator):
    client.force_login(coordinator)
    membership = Membership.objects.for_municipality(bensheim).get(user=coordinator)
    response = client.post(f"/en/bensheim/workspace/team/{membership.pk}/remove/", follow=True)
    assert "Bensheim needs at least one coordinator" in response.content.decode()
    assert Membership.objects.for_municipality(bensheim).filter(pk=membership.pk).exists()


def test_team_filter_answers_htmx_with_the_table_only(client, bensheim, coordinator, member_of):
    member_of(bensheim, Role.READER, email="leser@example.org")
    client.force_login(coordinator)
    response = client.get(
        "/de/bensheim/workspace/team/?role=reader",
        headers={"hx-request": "true", "hx-target": "team-table"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "leser@example.org" in html and coordinator.email not in html


def test_programme_staff_see_aggregates_of_their_programme_only(client, bensheim, member_of):
    from tests.factories import ProgrammeFactory, ProgrammeMembershipFactory

    wir = ProgrammeFactory(slug="wir", short_name="WIR")
    wir.municipalities.add(bensheim)
    kisi = ProgrammeFactory(slug="kisi", short_name="KISI")
    member_of(bensheim, Role.READER, email="geheim@example.org")
    staff = ProgrammeMembershipFactory(programme=wir).user
    client.force_login(staff)
    html = client.get(reverse("programme-detail", kwargs={"slug": "wir"})).content.decode()
    assert "Bensheim" in html and "geheim@example.org" not in html
    assert client.get(reverse("programme-detail", kwargs={"slug": "kisi"})).status_code == 404
    assert client.get("/de/bensheim/workspace/").status_code == 404
    assert kisi.pk
