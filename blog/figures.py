"""Post images in the page: ``<figure>`` elements where the body's markers stand.

The stored body HTML keeps a marker ``<!--bild N-->`` where image number N goes (see
``blog.rendering``); figures are put in when a page or a feed entry is built, because the
images are rows of their own, saved after the post in the admin. Images that no marker places
are shown below the lead.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from blog.conf import blog_settings
from core import linear

# Only the sanitised body's own markers can match: the sanitiser removes every other comment.
MARKER = linear.compile(r"<!--bild ([0-9]{1,3})-->")


def render_figure(image, absolute_url=None) -> str:
    """The ``<figure>`` of a ``PostImage``; ``absolute_url(path)`` makes URLs absolute (feeds)."""
    url = absolute_url or str
    storage = image.image.storage
    rendition = image.default_rendition
    context = {"image": image, "rendition": rendition}
    if rendition:
        context.update(
            src=url(storage.url(rendition["name"])),
            srcset=", ".join(
                f"{url(storage.url(item['name']))} {item['width']}w" for item in image.renditions
            ),
            sizes=blog_settings.BLOG_IMAGE_SIZES,
        )
    return render_to_string("includes/figure.html", context)


def placed_numbers(html: str) -> set[int]:
    return {int(number) for number in MARKER.findall(html)}


def with_figures(html: str, figures: dict[int, str]) -> SafeString:
    """``html`` with each marker replaced by its rendered figure (nothing for unknown numbers)."""
    return mark_safe(  # noqa: S308 (sanitised body HTML and template-rendered figures)
        MARKER.sub(lambda match: figures.get(int(match.group(1)), ""), html)
    )


def post_figures(post, images, absolute_url=None) -> tuple[dict[int, str], list[str]]:
    """``({number: figure HTML}, [figures no marker places, in order])`` of ``post``."""
    figures = {image.position: render_figure(image, absolute_url) for image in images}
    placed = placed_numbers(post.body_html)
    unplaced = [figures[number] for number in sorted(figures) if number not in placed]
    return figures, unplaced
