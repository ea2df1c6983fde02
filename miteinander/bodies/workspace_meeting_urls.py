"""Filled in by the workspace views."""

urlpatterns: list = []
