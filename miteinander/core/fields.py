"""Model fields shared by every app."""

from django.db import models


class WebAddressField(models.URLField):
    """A web address; typed without a scheme it becomes https:// (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
