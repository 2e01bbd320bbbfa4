"""schema.org data for post pages (JSON-LD)."""

from django.utils.html import strip_tags


def blog_posting(post, url: str, tags, image_urls=()) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "headline": post.title,
        "description": post.lead or strip_tags(post.pages[0])[:300],
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.updated_at.isoformat(),
        "inLanguage": "de",
        "author": {
            "@type": "Person" if post.author.slug != "redaktion" else "Organization",
            "name": post.author.name,
        },
        "publisher": {"@type": "Organization", "name": "Gegenverkehr"},
        "keywords": [tag.name for tag in tags],
        "commentCount": post.comment_count,
    }
    if image_urls:
        data["image"] = list(image_urls)
    return data
