"""Public addresses of registration and feedback, below /<lang>/<town>/veranstaltungen/."""

from django.urls import path

from .views import registration

urlpatterns = [
    path("<int:pk>/anmelden/", registration.register, name="register"),
    path(
        "anmeldung/<uuid:token>/",
        registration.registration_detail,
        name="registration",
    ),
    path(
        "anmeldung/<uuid:token>/abmelden/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "<int:pk>/rueckmeldung/<uuid:token>/",
        registration.feedback_form,
        name="feedback",
    ),
]
