"""Django's form renderer, with the plainest widgets, an <input> and a <select>, written in Python.

A device page renders some twenty widgets and a dozen options; through their templates (the widget's,
input.html, select_option.html, attrs.html) each costs a fraction of a millisecond, together a fifth of the EV
page's time. The markup is exactly what Django's templates produce (tests/test_form_renderer.py compares them);
every other widget still uses its template.
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

SELECT_TEMPLATE = "django/forms/widgets/select.html"
SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        if template_name in INPUT_TEMPLATES:
            return input_tag(context["widget"])
        if template_name in OPTION_TEMPLATES:
            return option_tag(context["widget"])
        if template_name == SELECT_TEMPLATE and _plain_options(context["widget"]):
            return select_tag(context["widget"])
        rendered: str = super().render(template_name, context, request)
        return rendered


def input_tag(widget: dict[str, Any]) -> SafeString:
    """What input.html and attrs.html render for a widget's context."""
    tag = f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
    if widget["value"] is not None:
        tag += f' value="{_as_text(widget["value"])}"'
    return mark_safe(f"{tag}{_attrs(widget['attrs'])}>")  # noqa: S308 - every value is escaped


def select_tag(widget: dict[str, Any]) -> SafeString:
    """What select.html renders, with select_option.html for each option (each include keeps its file's final
    newline)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{_as_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def _plain_options(widget: dict[str, Any]) -> bool:
    return all(
        option["template_name"] == SELECT_OPTION_TEMPLATE
        for _name, group_choices, _index in widget["optgroups"]
        for option in group_choices
    )


def _attrs(attrs: dict[str, Any]) -> str:
    """What attrs.html renders."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_as_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


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
