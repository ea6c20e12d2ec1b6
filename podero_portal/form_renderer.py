"""Django's form renderer, with the plainest widget, an <input>, written in Python.

A device page renders some twenty widgets; through their templates (the widget's, input.html, attrs.html) each
costs a fraction of a millisecond, together a fifth of the EV page's time. The markup is exactly what Django's
templates produce (tests/test_form_renderer.py compares them); every other widget still uses its template.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

# The widget templates that are only {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)


# The templates of one choice of a checkbox or radio list (a choice's `tag`): input_option.html.
OPTION_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html" for name in ("input_option", "checkbox_option", "radio_option")
)


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        if template_name in INPUT_TEMPLATES:
            return input_tag(context["widget"])
        if template_name in OPTION_TEMPLATES:
            return option_tag(context["widget"])
        rendered: str = super().render(template_name, context, request)
        return rendered


def input_tag(widget: dict[str, Any]) -> SafeString:
    """What input.html and attrs.html render for a widget's context."""
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{_as_text(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{_as_text(value)}"'
        )
    return mark_safe("".join(parts) + ">")  # noqa: S308 - every value above is escaped


def option_tag(widget: dict[str, Any]) -> SafeString:
    """What input_option.html renders: the <input>, in its <label> unless `wrap_label` is off."""
    tag = input_tag(widget)
    if not widget.get("wrap_label"):
        return tag
    label_for = f' for="{conditional_escape(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    # input.html's closing newline stays inside the label.
    return mark_safe(f"<label{label_for}>{tag}\n {conditional_escape(widget['label'])}</label>")  # noqa: S308


def _as_text(value: Any) -> str:
    """`value|stringformat:'s'`, escaped as the template escapes it (text already marked safe stays as it is)."""
    text = "%s" % (value,)  # noqa: UP031 - as stringformat:'s' does
    return str(conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text))  # noqa: S308
