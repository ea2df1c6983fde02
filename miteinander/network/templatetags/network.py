from django import template

from miteinander.core.languages import language_label

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    return language_label(code)
