"""The house's layout holds: no import cycles, and layers that point one way.

The import graph is read from the source (every ``import`` statement, also those inside
functions), not from what happens to be imported at run time, so a cycle hidden in a function
fails here too. Tests, benchmarks and migrations are not part of the graph.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "core", "blog", "comments")
LEFT_OUT = {"migrations"}


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if LEFT_OUT & set(parts):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = project_modules()


def _imported_names(module: str, path: Path) -> set[str]:
    """Every dotted name an import statement of ``module`` may load (the module itself and the
    names it imports from it, since ``from a import b`` may load the module ``a.b``)."""
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                if not is_package:
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _with_parents(name: str) -> list[str]:
    # Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts) + 1)]


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        targets = set()
        for name in _imported_names(module, path):
            targets.update(part for part in _with_parents(name) if part in MODULES)
        targets.discard(module)
        graph[module] = targets
    return graph


GRAPH = import_graph()


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def imports_of(prefix: str) -> dict[str, set[str]]:
    return {
        module: targets
        for module, targets in GRAPH.items()
        if module == prefix or module.startswith(f"{prefix}.")
    }


def offending(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} -> {target}"
        for module, targets in imports_of(prefix).items()
        for target in targets
        if any(target == name or target.startswith(f"{name}.") for name in forbidden)
    )


def test_the_graph_is_read_from_every_module_including_imports_inside_functions():
    assert {"core.page_cache", "blog.models", "comments.models", "config.urls"} <= set(GRAPH)
    assert not any(".migrations" in module for module in GRAPH)
    # comments/apps.py imports its receivers inside ready().
    assert "comments.signals" in GRAPH["comments.apps"]


def test_the_cycle_finder_finds_cycles_hidden_in_functions():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    source = "def later():\n    from comments import models\n"
    tree = ast.parse(source)
    assert any(isinstance(node, ast.ImportFrom) for node in ast.walk(tree))


def test_no_import_cycle_between_project_modules():
    assert cycles(GRAPH) == []


def test_core_imports_neither_blog_nor_comments():
    assert offending("core", ("blog", "comments")) == []


def test_blog_never_imports_comments():
    assert offending("blog", ("comments",)) == []


def test_no_app_imports_another_apps_views():
    assert offending("comments", ("blog.views", "blog.engagement")) == []


@pytest.mark.parametrize(
    "helper", ["comments.models", "comments.tree", "comments.rows", "comments.rendering"]
)
def test_models_and_their_helpers_sit_below_every_room(helper):
    rooms = ("comments.discussion", "comments.moderation", "comments.mail", "comments.privacy")
    assert offending(helper, rooms) == []


def test_services_never_import_views_or_admin():
    services = [
        module
        for module in GRAPH
        if module.startswith(("comments.moderation.", "comments.mail.", "comments.privacy."))
        and module.rsplit(".", 1)[-1] not in {"views", "admin", "admin_records"}
    ]
    upper = [
        module
        for module in GRAPH
        if module.rsplit(".", 1)[-1] in {"views", "admin", "admin_records", "urls"}
    ]
    wrong = sorted(
        f"{service} -> {target}"
        for service in services
        for target in GRAPH[service]
        if target in upper
    )
    assert wrong == []


ROOMS = ("discussion", "moderation", "mail", "privacy")
# Which other rooms each room may use; everything else between rooms is a wrong turn.
ROOM_USES = {
    "discussion": {"moderation", "mail", "privacy"},
    # The decision service announces published comments (reply mails, editorial notices).
    "moderation": {"mail"},
    "mail": set(),
    # Self-delete and erasure take comments off the page through the decision service.
    "privacy": {"moderation"},
}


@pytest.mark.parametrize("room", ROOMS)
def test_rooms_use_only_the_rooms_they_may(room):
    others = tuple(f"comments.{other}" for other in set(ROOMS) - ROOM_USES[room] - {room})
    assert offending(f"comments.{room}", others) == []
