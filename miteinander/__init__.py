"""Miteinander: municipal integration and diversity management."""

__version__ = "0.1.0"
