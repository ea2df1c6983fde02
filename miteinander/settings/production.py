"""Settings for the served application (`miteinander serve`): DEBUG is always off."""

from .base import *  # noqa: F403

DEBUG = False
