"""Template helpers for KERN form markup."""

from django import forms, template

register = template.Library()

_CHECKBOX = (forms.CheckboxInput,)
_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def kern_kind(bound_field) -> str:
    """Which KERN pattern a field uses: checkbox, choices (a fieldset), select or input."""
    widget = bound_field.field.widget
    if isinstance(widget, _CHECKBOX):
        return "checkbox"
    if isinstance(widget, _CHOICE_LISTS):
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


@register.filter
def kern_widget(bound_field):
    """Render the widget with KERN classes and descriptions tied to hint and error."""
    kind = kern_kind(bound_field)
    error = bool(bound_field.errors)
    css = {
        "checkbox": "kern-form-check__checkbox",
        "select": "kern-form-input__select",
        "input": "kern-form-input__input",
        "choices": "",
    }[kind]
    if error and css:
        css += f" {css}--error"
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if error:
        described_by.append(f"{bound_field.auto_id}_error")
    attrs = {}
    if css:
        existing = bound_field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{existing} {css}".strip()
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)
