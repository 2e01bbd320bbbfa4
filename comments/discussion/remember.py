"""„Meinen Namen … in diesem Browser speichern“: the guest's details, kept on their device.

With the box ticked, a successful submission stores name, e-mail address and website in the
cookie ``gv_kommentator`` (JSON, percent-encoded, one year, path ``/``); without it, the cookie
is deleted – the choice holds until the reader comments again, as in WordPress. The page's
script (``static/js/comments.js``) fills the form from it, which is why the cookie is readable
by scripts (not HttpOnly). The server never writes these details into a page: post pages are
cached for all anonymous readers, and one reader's address must never reach another. Without
JavaScript nothing is filled in, and the box is not even shown (it is ``hidden`` until the
script reveals it), so nobody consents to something that would not work for them.
"""

import json
from urllib.parse import quote

COOKIE = "gv_kommentator"
MAX_AGE = 365 * 24 * 3600


def cookie_value(name: str, email: str, website: str) -> str:
    data = {"name": name, "email": email, "website": website}
    return quote(json.dumps(data, ensure_ascii=False, separators=(",", ":")), safe="")


def store_details(request, response, form):
    """Store or forget the guest's details on ``response``, as the form's box says."""
    if "remember" not in form.fields:
        return response  # accounts: nothing to remember
    data = form.cleaned_data
    if data.get("remember"):
        response.set_cookie(
            COOKIE,
            cookie_value(data["author_name"], data["author_email"], data.get("author_website", "")),
            max_age=MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    elif COOKIE in request.COOKIES:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
