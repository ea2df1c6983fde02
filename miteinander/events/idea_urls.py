"""Filled in by its helper."""

urlpatterns = []
