"""Public addresses of ideas walls: /<lang>/<town>/veranstaltungen/<pk>/ideen/..."""

from django.urls import path, register_converter

from .ideas import SHORT_CODE_LENGTH
from .views import ideas as views


class ShortCodeConverter:
    """The first hex digits of a wall's token (see ideas.short_code)."""

    regex = f"[0-9a-fA-F]{{{SHORT_CODE_LENGTH}}}"

    def to_python(self, value):
        return value.lower()

    def to_url(self, value):
        return value


register_converter(ShortCodeConverter, "ideas_code")

urlpatterns = [
    path("<int:pk>/ideen/<uuid:token>/", views.idea_post, name="idea_post"),
    path("<int:pk>/ideen/<ideas_code:code>/", views.idea_post_short, name="idea_post_short"),
]
