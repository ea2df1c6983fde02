"""The offerings directory in the workspace: /<lang>/<municipality_slug>/workspace/offerings/"""

from django.urls import path, register_converter

from . import views


class VocabularyConverter:
    """The town lists edited on the settings page: kinds of offering and districts."""

    regex = "kinds|districts"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(VocabularyConverter, "vocabulary")

app_name = "offerings"

urlpatterns = [
    path("", views.offering_list, name="list"),
    path("new/", views.offering_create, name="create"),
    path("review/", views.review_queue, name="review"),
    path("settings/", views.directory_settings, name="settings"),
    path("settings/<vocabulary:vocabulary>/new/", views.vocabulary_edit, name="vocabulary-create"),
    path(
        "settings/<vocabulary:vocabulary>/<int:pk>/", views.vocabulary_edit, name="vocabulary-edit"
    ),
    path("<int:pk>/", views.offering_detail, name="offering"),
    path("<int:pk>/edit/", views.offering_edit, name="edit"),
    path("<int:pk>/approve/", views.offering_approve, name="approve"),
    path("<int:pk>/send-back/", views.offering_send_back, name="send-back"),
    path("<int:pk>/verify/", views.offering_verify, name="verify"),
    path("<int:pk>/archive/", views.offering_archive, name="archive"),
    path("<int:pk>/delete/", views.offering_delete, name="delete"),
]
