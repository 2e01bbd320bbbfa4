"""How many readers of one network may rate a post, or vote on its theses, per day.

A rating or thesis vote is one per visitor cookie, and a cookie costs nothing: a script that
drops it before every request is a new reader each time. The per-IP rate in the cache
(:mod:`core.ratelimit`) slows that down but lets it through all day, and from every address of
a network. So per post and day, at most ``BLOG_VOTERS_PER_NETWORK_DAILY`` readers of one
network (IPv4 /24, IPv6 /64: :func:`core.client_ip.client_network`) count; further readers
from there are refused until the next day. A reader who already counted may change their vote.

The count lives in the **database**, not in the cache: the cache fails open while Redis is
down (``docs/deploy.md``), which would lift exactly this limit when it is needed, and cache
counters race at their edge. A vote writes to the database anyway; the check costs one small
indexed read, and a write for each new voter, under a lock on the post row so that concurrent
votes from one network cannot pass the limit together. Rows keep keyed hashes only (see
:class:`blog.models.NetworkVoter`) and are deleted the day after.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from blog.conf import blog_settings
from blog.models import NetworkVoter, Post, PostRating, ThesisVote
from core.client_ip import client_network

NETWORK_SALT = "blog.vote-limits.network"
VOTER_SALT = "blog.vote-limits.voter"


def today():
    """The day votes are counted for; tests replace it to let a day pass."""
    return timezone.localdate()


def admit_rating(request, post: Post, visitor_hash: str) -> bool:
    """True if this reader's rating of ``post`` may count; records them if they are new."""
    if PostRating.objects.filter(post=post, visitor_hash=visitor_hash).exists():
        return True  # changing one's own rating adds no rating
    return _admit(NetworkVoter.Kind.RATING, request, post, visitor_hash)


def admit_thesis_vote(request, post: Post, visitor_hash: str) -> bool:
    """True if this reader's votes on the theses of ``post`` may count (one slot per post)."""
    if ThesisVote.objects.filter(thesis__post=post, visitor_hash=visitor_hash).exists():
        return True
    return _admit(NetworkVoter.Kind.THESES, request, post, visitor_hash)


def _admit(kind: str, request, post: Post, visitor_hash: str) -> bool:
    limit = blog_settings.BLOG_VOTERS_PER_NETWORK_DAILY
    if not limit:
        return True
    day = today()
    network = f"{day.isoformat()}|{client_network(request)}"
    network_key = salted_hmac(NETWORK_SALT, network, algorithm="sha256").hexdigest()
    voter_key = salted_hmac(VOTER_SALT, visitor_hash, algorithm="sha256").hexdigest()
    with transaction.atomic():
        # One network's concurrent votes on a post are counted one after the other.
        list(Post.objects.select_for_update().filter(pk=post.pk).values_list("pk"))
        voters = set(
            NetworkVoter.objects.filter(
                kind=kind, post=post, day=day, network_key=network_key
            ).values_list("voter_key", flat=True)
        )
        if voter_key in voters:
            return True
        if len(voters) >= limit:
            return False
        NetworkVoter.objects.create(
            kind=kind, post=post, day=day, network_key=network_key, voter_key=voter_key
        )
        NetworkVoter.objects.filter(day__lt=day).delete()
    return True
