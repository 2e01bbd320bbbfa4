"""Where the person looks: is an element inside the browser's viewport right now?

Checked by the element's box, not by its presence in the HTML. An element counts as in view
when its top edge lies inside the viewport and it either fits wholly or is taller than the
viewport (then its start is what the reader sees). Half a pixel of layout rounding at the edges
does not count as outside. The check is polled from the test, so it also works on pages that run
no JavaScript of their own (smooth scrolling, focus handling settle within the polling time).
"""

import pytest

ROUNDING = 1  # px: sub-pixel layout at the viewport's edges

_BOX = """element => {
    const r = element.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
            viewport: innerHeight, width: innerWidth};
}"""


def _inside(box: dict) -> bool:
    height = box["viewport"]
    top_in_view = -ROUNDING <= box["top"] < height
    fits = box["bottom"] <= height + ROUNDING or box["height"] > height
    across = box["left"] >= -ROUNDING and box["left"] < box["width"]
    return box["height"] > 0 and top_in_view and fits and across


def in_view(page, target, *, attempts: int = 50) -> dict:
    """The box of ``target`` (a CSS selector or a locator) once it is in view; fails if it
    does not get there within ``attempts`` × 100 ms."""
    locator = page.locator(target) if isinstance(target, str) else target
    box = None
    for _attempt in range(attempts):
        if locator.count():
            box = locator.first.evaluate(_BOX)
            if _inside(box):
                return box
        page.wait_for_timeout(100)
    pytest.fail(f"{target} is not inside the viewport: {box}")
