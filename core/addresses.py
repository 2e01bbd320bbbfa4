"""E-mail addresses as the mailbox they reach, for limits per recipient.

Many providers deliver ``same+anything@…`` to ``same@…``, Gmail ignores dots in the local part,
and upper case, fullwidth letters or an IDN domain in Unicode or Punycode are all one mailbox.
A limit per recipient that counts the address as typed is bypassed by writing it differently,
so limits count :func:`mailbox_key` instead.

Dots are dropped from the local part for *every* provider, not just Gmail's domains: a limit
key that joins ``a.b@x`` with ``ab@x`` on a provider that tells them apart only makes two
people share one limit, while a list of dot-ignoring providers would never be complete
(Google Workspace domains carry their customers' names). The key is for counting only; mail
always goes to the address as given.
"""

import contextlib
import unicodedata

# Gmail's two domains are one mailbox namespace.
SAME_PROVIDER = {"googlemail.com": "gmail.com"}


def mailbox_key(address: str) -> str:
    """The address reduced to what decides its mailbox (lower case, no ``+tag``, no dots)."""
    address = unicodedata.normalize("NFKC", address).strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    local = local.split("+", 1)[0].replace(".", "")
    domain = domain.replace("\u3002", ".").rstrip(".")
    # Not a valid IDN: the Unicode form is kept, it is still one key.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{SAME_PROVIDER.get(domain, domain)}"
