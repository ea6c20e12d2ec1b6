"""`{% labelled_field form.name %}`: one form field with its label, help text and errors, tied together for screen
readers (aria-describedby comes from the widget's attributes, forms.py).

Written in Python rather than as an included template: the EV page shows six, and through a template each cost
about a quarter of a millisecond (the include, and `errors` built twice). tests/test_form_fields.py compares the
markup with the template it replaces, byte for byte.
"""

from typing import cast

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def labelled_field(field: BoundField) -> SafeString:
    errors = field.errors
    help_text = field.help_text
    auto_id = conditional_escape(field.auto_id)
    help_line = (
        f'<p class="help" id="{auto_id}_helptext">{conditional_escape(help_text)}</p>' if help_text else ""
    )
    error_line = ""
    if errors:
        # An ErrorList yields its messages as text (ErrorList.__getitem__), whatever the stubs say.
        messages = " ".join(conditional_escape(cast(str, message)) for message in errors)
        error_line = f'<p class="error" id="{auto_id}_error">{messages}</p>'
    return mark_safe(  # noqa: S308 - every value is escaped; the widget is Django's safe markup
        f'\n<div class="field{" field-invalid" if errors else ""}">\n'
        f'  <label for="{conditional_escape(field.id_for_label)}">{conditional_escape(field.label)}</label>\n'
        f"  {field}\n"
        f"  {help_line}\n"
        f"  {error_line}\n"
        "</div>\n"
    )
