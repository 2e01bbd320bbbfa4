"""Search over published posts and their theses.

On PostgreSQL: full-text search with the German configuration (stemming, stop words), ranked.
Elsewhere (SQLite): every query word, reduced to a crude German stem, must occur somewhere in the
post or its theses; newest first.
"""

from django.db import connection
from django.db.models import Q

from blog.models import Post
from core import linear

WORD = linear.compile(r"\w+")
GERMAN_SUFFIXES = ("ungen", "ern", "en", "er", "es", "em", "e", "n", "s")
MAX_TERMS = 8


def german_stem(word: str) -> str:
    word = word.lower()
    for _ in range(2):  # "Unternehmens" -> "Unternehmen" -> "Unternehm"
        for suffix in GERMAN_SUFFIXES:
            if len(word) - len(suffix) >= 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
    return word


def search_posts(query: str):
    query = query.strip()[:200]
    if not query:
        return Post.objects.none()
    if connection.vendor == "postgresql":
        return _postgres_search(query)
    return _fallback_search(query)


def _postgres_search(query: str):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="german")
        + SearchVector("lead", weight="B", config="german")
        + SearchVector("body", weight="C", config="german")
    )
    search = SearchQuery(query, config="german", search_type="websearch")
    thesis_vector = SearchVector("theses__title", "theses__body", config="german")
    matching_ids = Post.objects.published().annotate(document=vector).filter(document=search)
    thesis_ids = Post.objects.published().annotate(document=thesis_vector).filter(document=search)
    return (
        Post.objects.published()
        .filter(Q(pk__in=matching_ids.values("pk")) | Q(pk__in=thesis_ids.values("pk")))
        .annotate(rank=SearchRank(vector, search))
        .order_by("-rank", "-published_at")
        .for_listing()
    )


def _fallback_search(query: str):
    terms = [german_stem(word) for word in WORD.findall(query)][:MAX_TERMS]
    posts = Post.objects.published()
    for term in terms:
        posts = posts.filter(
            Q(title__icontains=term)
            | Q(lead__icontains=term)
            | Q(body__icontains=term)
            | Q(theses__title__icontains=term)
            | Q(theses__body__icontains=term)
        )
    return posts.distinct().for_listing()
