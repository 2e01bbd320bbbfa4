"""The comment tree as materialised paths, and its flat rendering order.

Every comment stores ``path``: one fixed-width, zero-padded decimal segment per level, joined by
"/" (``000001/000007/000012`` is the 12th reply to the 7th reply to the first thread). Sorting by
path is then exactly depth-first, oldest thread first, so one indexed query returns a whole post's
discussion in display order. Decimal digits sort identically under every database collation
(unlike letters, whose order some locales change), and a fixed width makes string order equal
numeric order. ``depth`` is the number of segments, stored so templates and filters need no
string work.
"""

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

SEGMENT_WIDTH = 6
SEPARATOR = "/"
MAX_SEGMENT = 10**SEGMENT_WIDTH - 1
# 255 characters hold 36 levels; COMMENTS_MAX_DEPTH stays far below that.
PATH_MAX_LENGTH = 255


def segment(number: int) -> str:
    if not 1 <= number <= MAX_SEGMENT:
        raise ValueError(f"Segment {number} out of range 1…{MAX_SEGMENT}")
    return f"{number:0{SEGMENT_WIDTH}d}"


def child_path(parent_path: str | None, number: int) -> str:
    return f"{parent_path}{SEPARATOR}{segment(number)}" if parent_path else segment(number)


def last_segment(path: str) -> int:
    return int(path.rsplit(SEPARATOR, 1)[-1])


def parent_path(path: str) -> str | None:
    # Segments have a fixed width: the parent is the path without its last "/nnnnnn".
    return path[: -SEGMENT_WIDTH - 1] if len(path) > SEGMENT_WIDTH else None


def depth_of(path: str) -> int:
    return path.count(SEPARATOR) + 1


@dataclass(frozen=True, slots=True)
class Node:
    """One comment in the flat rendering loop, with the list markup to emit before it."""

    comment: object
    level: int
    opens: bool  # start a nested list inside the previous comment's item
    closes: int  # nested lists to close before this comment


@dataclass(frozen=True, slots=True)
class Thread:
    nodes: list[Node]
    tail: int  # nested lists still open after the last comment

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)


def missing_ancestors(comments: Iterable) -> set[str]:
    """Paths of ancestors of path-ordered ``comments`` that are not among them.

    The post page reads its published comments; a published reply below a comment that is not
    published (removed, held again, deleted by its author) names such an ancestor, which the
    page then shows as a placeholder. One set lookup per comment when nothing is missing.
    """
    shown: set[str] = set()
    missing: set[str] = set()
    for comment in comments:
        path = comment.path
        shown.add(path)
        parent = parent_path(path)
        while parent is not None and parent not in shown and parent not in missing:
            missing.add(parent)
            parent = parent_path(parent)
    return missing


def merged(comments: list, placeholders: list) -> list:
    """Both path-ordered lists as one, in path order (depth-first display order)."""
    if not placeholders:
        return comments
    return sorted([*comments, *placeholders], key=lambda comment: comment.path)


def with_pending(rows: Iterable, pending: Iterable) -> Iterator:
    """``rows`` with a reader's own held comments (``pending``) in path order.

    Both are path-ordered. Every row stays; a held comment shows only where its parent does
    (or as a new thread), since a reply without its context would stand in the wrong place.
    """
    shown: set[str] = set()
    for row in heapq.merge(rows, pending, key=attrgetter("path")):
        parent = parent_path(row.path)
        if row.pending and parent is not None and parent not in shown:
            continue
        shown.add(row.path)
        yield row


def thread(comments: Iterable, *, root: Callable[[object], bool] | None = None) -> Thread:
    """Lay out path-ordered comments as nested lists, without recursion.

    ``root`` selects where threads start (for the thesis filter): a comment is shown when it
    matches or its parent is shown, so every shown comment keeps its replies.
    """
    levels: dict[str, int] = {}
    nodes: list[Node] = []
    previous = 0
    for comment in comments:
        parent = parent_path(comment.path)
        if parent in levels:
            level = levels[parent] + 1
        elif root is None or root(comment):
            level = 1
        else:
            continue
        levels[comment.path] = level
        opens = bool(nodes) and level > previous
        closes = max(previous - level, 0)
        nodes.append(Node(comment, level, opens, closes))
        previous = level
    return Thread(nodes, tail=max(previous - 1, 0))
