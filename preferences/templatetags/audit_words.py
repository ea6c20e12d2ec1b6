"""`{{ change.reason|reason_in_words }}`: a change's reason in the reader's language when the portal gave it."""

from django import template

from preferences.audit import words

register = template.Library()


@register.filter
def reason_in_words(reason: str) -> str:
    return words.reason_in_words(reason)
