"""Outcomes shown where the reader acted: Django's messages with a place on the page.

After a form posts and redirects, the reader lands at the anchor of what they used (the rating,
a thesis vote, their own comment). A message shown at the top of the page would then be out of
sight, so a message may name a *target*: the id of the element it belongs to. The page shows
targeted messages inside that element (``{% notices "bewertung" %}``, or the comment list for
``kommentar-N``) and only untargeted ones at the top (``{% general_notices %}`` in
``base.html``).

The target travels as an extra tag of the message (``ziel:<id>``), so the messages framework
stores it as usual and its cookie keeps the page out of the page cache for that one request.
"""

from django.contrib import messages

TARGET_TAG = "ziel:"
_REQUEST_ATTRIBUTE = "_notices"


def add(request, level: int, message, *, target: str) -> None:
    """Queue ``message`` to be shown inside the element with id ``target``."""
    messages.add_message(request, level, message, extra_tags=f"{TARGET_TAG}{target}")


def target_of(message) -> str | None:
    for tag in (message.extra_tags or "").split():
        if tag.startswith(TARGET_TAG):
            return tag[len(TARGET_TAG) :]
    return None


class Notices:
    """This request's messages, split by where they belong (read once, then marked as shown)."""

    def __init__(self, request):
        self.general = []
        self._targeted: dict[str, list] = {}
        for message in messages.get_messages(request) if request is not None else ():
            target = target_of(message)
            if target is None:
                self.general.append(message)
            else:
                self._targeted.setdefault(target, []).append(message)

    def at(self, target: str) -> list:
        return self._targeted.get(target, [])

    def targets(self) -> set[str]:
        return set(self._targeted)


def notices_for(request) -> Notices:
    """The one :class:`Notices` of ``request``, shared by every part of the page."""
    if request is None:
        return Notices(None)
    found = getattr(request, _REQUEST_ATTRIBUTE, None)
    if found is None:
        found = Notices(request)
        setattr(request, _REQUEST_ATTRIBUTE, found)
    return found
