"""Town and role fixtures shared by every app's tests."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.test import override_settings

from miteinander.municipalities.models import Role

from .factories import MembershipFactory, MunicipalityFactory, UserFactory

TOWN_ROLES = [
    Role.COORDINATION,
    Role.INTEGRATION_GUIDE,
    Role.NETWORK_PARTNER,
    Role.BODY_MEMBER,
    Role.READER,
]


@pytest.fixture
def bensheim(db):
    return MunicipalityFactory(
        slug="bensheim", name="Bensheim", claim="Vielfalt gemeinsam gestalten",
        primary_colour="#005A9C",
    )  # fmt: skip


@pytest.fixture
def minden(db):
    return MunicipalityFactory(slug="minden", name="Minden", primary_colour="#9B1B30")


@pytest.fixture
def member_of(db):
    """member_of(town, role) -> a user holding that role in that town."""

    def make(town, role=Role.COORDINATION, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(municipality=town, user=user, role=role)
        return user

    return make


@pytest.fixture
def coordinator(bensheim, member_of):
    return member_of(bensheim, Role.COORDINATION, email="koordination@bensheim.example.org")


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session", autouse=True)
def _urls_loaded_before_any_clock_is_frozen():
    """The API's schemas read `datetime.date` when their modules load, and freezegun swaps it
    for its own class while a test's clock is frozen; so load every URL module up front."""
    import miteinander.urls  # noqa: F401


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads in tests (documents, the demo's PDFs) never land in the project's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


class Inbox(Message):
    """What a real SMTP server (aiosmtpd, on a free local port) received."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    """(controller, inbox) of a running SMTP server; the settings are the test's to point."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def smtp_inbox(smtp_server):
    """The inbox of a running SMTP server that Django sends all mail to during the test."""
    controller, inbox = smtp_server
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        yield inbox
