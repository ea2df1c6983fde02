"""Shared fixtures for every test below this directory live in tests/fixtures.py."""

pytest_plugins = ["tests.fixtures"]
