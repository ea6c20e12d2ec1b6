"""The stand-in's own pages: the login page listing the demo customers (with a fault to answer with), and the
page after signing out. Plain HTML, no scripts."""

from html import escape

from .customers import CUSTOMERS
from .faults import FAULTS

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1d2733}"
    "button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem;text-align:left;"
    "border:1px solid #8a98a8;border-radius:.5rem;background:#f4f7fa;cursor:pointer}"
    "small{color:#4d5b69}select{font-size:1rem;margin:.25rem 0 1rem;max-width:100%}"
)


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def login_page(query: str, signed_in_as: str | None) -> str:
    """One button per demo customer; the form posts back to /authorize with the sign-in's query string."""
    action = f"/authorize?{escape(query)}"
    customers = "".join(
        f'<button type="submit" name="customer" value="{escape(c.sub)}">{escape(c.name)}'
        f"<br><small>Customer number {escape(c.customer_number)} &middot; {escape(c.email)}</small></button>"
        for c in CUSTOMERS
    )
    faults = '<option value="">a correct ID token</option>' + "".join(
        f'<option value="{escape(name)}">{escape(name)}: {escape(text)}</option>'
        for name, text in FAULTS.items()
    )
    current = f"<p>Signed in here as {escape(signed_in_as)}.</p>" if signed_in_as else ""
    return _page(
        "Energy company sign-in (stand-in)",
        f"{current}<p>Sign in as one of the demo customers:</p>"
        f'<form method="post" action="{action}">{customers}'
        f'<label for="fault">Answer with</label><br><select id="fault" name="fault">{faults}</select>'
        '<button type="submit" name="cancel" value="1">Cancel</button></form>',
    )


def signed_out_page() -> str:
    return _page("Signed out", "<p>You are signed out of the energy company's account.</p>")


def error_page(text: str) -> str:
    return _page("Sign-in request refused", f"<p>{escape(text)}</p>")
