"""Two app servers behind a load balancer, sharing PostgreSQL and Redis: the production setup of
docs/deploy.md, attacked the way operations will (a slow commit, a dead server, Redis stopped or
hung, two releases side by side).

Runs only when asked: ``pytest -m system`` (``.ci/run`` does). Needs PostgreSQL (a database
the test creates and drops: ``SYSTEM_TEST_DATABASE``, default ``system_e2e``, on the server
``SYSTEM_TEST_POSTGRES`` names), ``redis-server`` and ``haproxy``; uses ports of
``TEST_PORT_RANGE`` (default 18300-18399).
"""

import os
import re
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests.local_servers import RedisServer, free_port, wait_until
from tests.system.cluster import (
    MODERATOR,
    AppServer,
    Balancer,
    Database,
    Reader,
    Release,
    environment,
    form_in,
    new_address,
    new_secret_key,
)

pytestmark = pytest.mark.system

VISIBLE_WITHIN = 1.5  # seconds from the answer to the change until both servers show it
# Redis timeouts (config/redis_cache.py: 0.25 s connect, 0.5 s per operation) plus a page's own
# time on a busy 2-core machine; without timeouts a hung Redis made requests take 20 s.
FAST_ENOUGH = 2.5
MIN_FILL_SECONDS = 3  # comments.moderation.spam: a form sent sooner is "too fast"
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')
POST_LINK = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/[\w-]+/)"')


@dataclass
class Site:
    database: Database
    redis: RedisServer
    servers: dict[str, AppServer]
    balancer: Balancer
    posts: list[str]

    def reader(self, **kwargs) -> Reader:
        """A new reader coming through the balancer from an address of its own."""
        return Reader(self.balancer.port, address=new_address(), **kwargs)

    def direct(self, server: str) -> Reader:
        """A new reader talking to one app server directly (the balancer's address)."""
        return Reader(self.servers[server].port)

    def restore(self) -> None:
        """Redis running, app1 and app2 in rotation, app3 (the next release) out of it."""
        if self.redis.process is not None and self.redis.process.poll() is None:
            self.redis.resume()
        else:
            self.redis.start()
        for name in ("app1", "app2"):
            server = self.servers[name]
            if not server.running:
                server.start().wait_ready()
            self.balancer.set_state(name, "ready")
        self.balancer.set_state("app3", "maint")
        self.servers["app3"].stop()
        self.balancer.wait_states({"app1": "UP", "app2": "UP", "app3": "MAINT"})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("two-servers")
    logs = base / "logs"
    logs.mkdir()
    ports: set[int] = set()
    stops = []
    try:
        database = Database(
            os.environ.get("SYSTEM_TEST_DATABASE", "system_e2e"),
            os.environ.get("SYSTEM_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        )
        database.create()
        stops.append(database.drop)
        redis = RedisServer(free_port(ports), log_path=str(logs / "redis.log"))
        stops.append(redis.stop)
        redis.start()

        env = environment(database.url, redis.url, new_secret_key(), base / "static")
        first = Release.copy_of_project(base / "release-1", env)
        first.manage("migrate", "--noinput", "-v", "0")
        first.manage("collectstatic", "--noinput", "-v", "0")
        first.manage("loaddata", "seed", "seed_comments", "-v", "0")
        name, password = MODERATOR
        first.manage("createmoderator", name, "--email", "mona@example.org", "--password", password)
        # The next release changes a style sheet: its hashed file name differs.
        second = Release.copy_of_project(base / "release-2", env)
        with open(second.directory / "static" / "css" / "site.css", "a") as css:
            css.write("\n/* Release 2 */\n.release-2 { display: block; }\n")

        servers = {
            "app1": AppServer("app1", first, free_port(ports), logs),
            "app2": AppServer("app2", first, free_port(ports), logs),
            "app3": AppServer("app3", second, free_port(ports), logs),
        }
        for server in servers.values():
            stops.append(server.stop)
        for name in ("app1", "app2"):
            servers[name].start()
        for name in ("app1", "app2"):
            servers[name].wait_ready()
        balancer = Balancer(
            free_port(ports),
            {name: server.port for name, server in servers.items()},
            base,
            disabled={"app3"},
        )
        stops.append(balancer.stop)
        balancer.start()
        balancer.wait_states({"app1": "UP", "app2": "UP", "app3": "MAINT"})
        # A rollout's first step (docs/deploy.md, "Rolling releases"): the next release collects
        # its static files into the shared STATIC_ROOT while the current one serves.
        second.manage("collectstatic", "--noinput", "-v", "0")

        home = Reader(balancer.port).get("/")
        posts = list(dict.fromkeys(POST_LINK.findall(home.text)))
        assert len(posts) >= 4, "the seed posts are missing"
        yield Site(database, redis, servers, balancer, posts)
    finally:
        for stop in reversed(stops):
            try:
                stop()
            except Exception as error:  # keep stopping the rest
                print(f"Stopping failed: {error!r}")
        print(f"System test logs: {logs}")


@pytest.fixture(autouse=True)
def healthy(site):
    site.restore()
    return site


# Helpers -----------------------------------------------------------------------------------------


def marker() -> str:
    return secrets.token_hex(5)


@dataclass
class Draft:
    reader: Reader
    action: str
    fields: dict
    fetched_at: float


def open_form(reader: Reader, post: str) -> Draft:
    page = reader.get(post)
    assert page.status == 200, (post, page.status)
    form = form_in(page.text, class_="comment-form")
    return Draft(reader, form["attrs"]["action"], dict(form["fields"]), time.monotonic())


def as_guest(draft: Draft, body: str) -> Draft:
    token = marker()
    draft.fields.update(
        body=body,
        author_name=f"Leserin {token}",
        author_email=f"leserin-{token}@example.org",
        consent="on",
    )
    return draft


def wait_fill_time(*drafts: Draft) -> None:
    """The site refuses forms sent sooner than three seconds after they were shown."""
    ready = max(draft.fetched_at for draft in drafts) + MIN_FILL_SECONDS + 0.2
    time.sleep(max(0.0, ready - time.monotonic()))


def send(draft: Draft):
    return draft.reader.post(draft.action, draft.fields)


def published_id(response) -> int:
    assert response.status == 302, (response.status, response.text[:2000])
    match = re.search(r"#kommentar-(\d+)$", response.location)
    assert match, f"not published: redirected to {response.location}"
    return int(match.group(1))


def shows(site: Site, server: str, post: str, comment_id: int) -> bool:
    page = site.direct(server).get(post)
    assert page.status == 200, (server, post, page.status)
    return f'id="kommentar-{comment_id}"' in page.text


def assert_shown_on_both_servers_in_time(site: Site, post: str, comment_id: int, since: float):
    """Anonymous readers of both servers see the comment within VISIBLE_WITHIN of ``since``."""
    seen = {}
    for server in ("app1", "app2"):
        try:
            wait_until(lambda s=server: shows(site, s, post, comment_id), 10, "the comment")
        except TimeoutError:
            seen[server] = None  # not within 10 s
        else:
            seen[server] = round(time.monotonic() - since, 2)
    assert all(s is not None and s <= VISIBLE_WITHIN for s in seen.values()), seen


def warm_page_cache(site: Site, post: str) -> None:
    """Both servers hold the page (in Redis and in their process) as readers left it."""
    for _ in range(3):
        for server in ("app1", "app2"):
            assert site.direct(server).get(post).status == 200


def log_in_moderator(reader: Reader) -> None:
    page = reader.get("/admin/login/?next=/admin/")
    fields = form_in(page.text, id="login-form")["fields"]
    name, password = MODERATOR
    answer = reader.post(
        "/admin/login/?next=/admin/", {**fields, "username": name, "password": password}
    )
    assert answer.status == 302 and answer.location == "/admin/", (answer.status, answer.location)


def approve_in_admin(reader: Reader, comment_id: int):
    """What a moderator does: the queue of held comments, tick the comment, run "approve"."""
    queue = "/admin/comments/comment/?status__exact=pending"
    page = reader.get(queue)
    assert page.status == 200 and f'value="{comment_id}"' in page.text, page.status
    form = form_in(page.text, id="changelist-form")
    fields = {
        "csrfmiddlewaretoken": form["fields"]["csrfmiddlewaretoken"],
        "action": "approve",
        "select_across": "0",
        "index": "0",
        "_selected_action": str(comment_id),
    }
    return reader.post(queue, fields)


def held_comment_and_moderator(site: Site, post: str) -> tuple[int, Reader]:
    """The id of a guest's comment the moderation holds (three links: advertising), and a
    moderator logged in through the balancer; both servers hold the page without it."""
    body = f"Gedanke {marker()}: siehe beispiel.de, muster.de und vorlage.de."
    draft = as_guest(open_form(site.reader(), post), body)
    wait_fill_time(draft)
    answer = send(draft)
    # The author is taken to the comment, shown to them alone as waiting for approval.
    assert answer.status == 302 and "#kommentar-" in answer.location, answer.location
    [(comment_id, status)] = site.database.rows(
        "SELECT id, status FROM comments_comment WHERE body = %s", (body,)
    )
    assert status == "pending"
    moderator = site.reader()
    log_in_moderator(moderator)
    warm_page_cache(site, post)
    return comment_id, moderator


# Visibility across servers ----------------------------------------------------------------------


def test_a_comment_posted_through_the_balancer_shows_on_both_servers_within_1_5_s(site):
    post = site.posts[0]
    warm_page_cache(site, post)
    draft = as_guest(open_form(site.reader(), post), f"Kurzer Gedanke {marker()} zum Beitrag.")
    wait_fill_time(draft)
    comment_id = published_id(send(draft))
    answered = time.monotonic()
    assert_shown_on_both_servers_in_time(site, post, comment_id, answered)


def test_a_moderators_approval_shows_on_both_servers_within_1_5_s(site):
    post = site.posts[1]
    comment_id, moderator = held_comment_and_moderator(site, post)
    approved = approve_in_admin(moderator, comment_id)
    assert approved.status == 302, approved.status
    answered = time.monotonic()
    assert_shown_on_both_servers_in_time(site, post, comment_id, answered)


def test_an_approval_with_a_slow_commit_shows_on_both_servers_within_1_5_s(site):
    """The approval's transaction waits 2 s for a row lock; readers render the page meanwhile."""
    post = site.posts[2]
    comment_id, moderator = held_comment_and_moderator(site, post)

    locked, waited, done = threading.Event(), threading.Event(), threading.Event()
    renders_while_locked = {"app1": 0, "app2": 0}

    def hold_moderator_row():
        # Writing the audit entry checks its foreign key to the moderator's row: the approval
        # has changed the comment, but cannot commit while another transaction holds the row.
        with site.database.connect() as connection:
            connection.execute(
                "SELECT id FROM auth_user WHERE username = %s FOR UPDATE", (MODERATOR[0],)
            )
            locked.set()
            try:
                wait_until(lambda: lock_waiters(site), 20, "the approval to wait")
                waited.set()
                time.sleep(2)  # the slow commit
            finally:
                connection.rollback()

    def read_while_locked(server):
        while not done.is_set():
            page = site.direct(server).get(post)
            if waited.is_set() and not done.is_set():
                renders_while_locked[server] += 1
            assert page.status == 200

    with ThreadPoolExecutor(3) as pool:
        locker = pool.submit(hold_moderator_row)
        assert locked.wait(10)
        readers = [pool.submit(read_while_locked, server) for server in ("app1", "app2")]
        try:
            approved = approve_in_admin(moderator, comment_id)
        finally:
            done.set()
        answered = time.monotonic()
        locker.result()
        for reader in readers:
            reader.result()
    assert approved.status == 302, approved.status
    assert waited.is_set(), "the approval never waited for the lock: nothing was tested"
    assert all(renders_while_locked.values()), renders_while_locked
    assert_shown_on_both_servers_in_time(site, post, comment_id, answered)


def lock_waiters(site: Site) -> int:
    """Sessions of the site's database waiting for a lock (asked on a connection of its own:
    a transaction sees one snapshot of pg_stat_activity)."""
    [(waiting,)] = site.database.rows(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock'"
    )
    return waiting


# Redis stopped or hung ------------------------------------------------------------------------


def site_tour(site: Site, server: str, moderator: Reader) -> list[tuple[str, str, int, float]]:
    """Every kind of request once on one app server: (who, path, status, seconds)."""
    post = site.posts[3]
    results = []

    def visit(who, reader, path):
        answer = reader.get(path, port=site.servers[server].port)
        results.append((who, path, answer.status, round(answer.elapsed, 2)))
        return answer

    for path in ("/", post, f"{post}?seite=1", "/archiv/", "/feed/", "/community-richtlinien/"):
        visit("anonymous", Reader(site.servers[server].port), path)
    for path in (post, "/admin/", "/admin/comments/comment/?status__exact=pending"):
        visit("moderator", moderator, path)
    newcomer = Reader(site.servers[server].port)  # logs in now, with Redis away
    page = visit("login form", newcomer, "/admin/login/?next=/admin/")
    fields = form_in(page.text, id="login-form")["fields"]
    name, password = MODERATOR
    answer = newcomer.post(
        "/admin/login/?next=/admin/", {**fields, "username": name, "password": password}
    )
    results.append(("admin login", "/admin/login/", answer.status, round(answer.elapsed, 2)))
    visit("new session", newcomer, "/admin/")

    guest = as_guest(open_form(Reader(site.servers[server].port, new_address()), post), "")
    member = open_form(Reader(site.servers[server].port, cookies=dict(moderator.cookies)), post)
    guest.fields["body"] = f"Gast {marker()} schreibt trotzdem."
    member.fields["body"] = f"Moderatorin {marker()} schreibt trotzdem."
    wait_fill_time(guest, member)
    for who, draft in (("guest posting", guest), ("member posting", member)):
        answer = send(draft)
        results.append((who, draft.action, answer.status, round(answer.elapsed, 2)))
        stored = site.database.rows(
            "SELECT count(*) FROM comments_comment WHERE body = %s", (draft.fields["body"],)
        )
        assert answer.status == 302 and stored == [(1,)], (who, answer.status, stored)
    return results


def test_with_redis_stopped_pages_admin_and_posting_answer_without_5xx(site):
    moderator = site.reader()
    log_in_moderator(moderator)
    site.redis.stop()
    results = {server: site_tour(site, server, moderator) for server in ("app1", "app2")}
    failures = {s: [r for r in rows if r[2] >= 500] for s, rows in results.items()}
    assert not any(failures.values()), failures


def test_with_redis_stopped_health_checks_keep_both_servers_in_rotation(site):
    site.redis.stop()
    observed = []
    deadline = time.monotonic() + 3  # six health checks per server
    while time.monotonic() < deadline:
        observed.append(site.balancer.states())
        time.sleep(0.1)
    out_of_rotation = [
        states for states in observed if states["app1"] != "UP" or states["app2"] != "UP"
    ]
    health = {s: site.direct(s).get("/readyz") for s in ("app1", "app2")}
    assert not out_of_rotation, (
        out_of_rotation[-1],
        {s: (h.status, h.text) for s, h in health.items()},
    )
    draft = as_guest(open_form(site.reader(), site.posts[3]), f"Ohne Redis {marker()}.")
    wait_fill_time(draft)
    published_id(send(draft))


def test_with_redis_hung_requests_stay_fast(site):
    moderator = site.reader()
    log_in_moderator(moderator)
    site.redis.pause()
    try:
        results = {server: site_tour(site, server, moderator) for server in ("app1", "app2")}
        health = {}
        for server in ("app1", "app2"):
            for check in ("/healthz", "/readyz"):
                answer = site.direct(server).get(check)
                health[f"{server}{check}"] = (answer.status, round(answer.elapsed, 2))
        balanced = site.reader().get(site.posts[0])
    finally:
        site.redis.resume()
    slowest = max((r for rows in results.values() for r in rows), key=lambda r: r[3])
    print(f"Slowest request while Redis hung: {slowest}; health checks: {health}")
    slow = {s: [r for r in rows if r[3] > FAST_ENOUGH] for s, rows in results.items()}
    failures = {s: [r for r in rows if r[2] >= 500] for s, rows in results.items()}
    assert not any(slow.values()), slow
    assert all(seconds <= FAST_ENOUGH for _status, seconds in health.values()), health
    assert balanced.elapsed <= FAST_ENOUGH, balanced.elapsed
    assert not any(failures.values()), failures


# Releases and dead servers --------------------------------------------------------------------


def test_a_second_release_beside_the_first_serves_no_static_file_404(site):
    site.servers["app3"].start().wait_ready()
    site.balancer.set_state("app3", "ready")
    site.balancer.set_state("app2", "maint")  # release 1 on app1, release 2 on app3
    site.balancer.wait_states({"app1": "UP", "app2": "MAINT", "app3": "UP"})

    assets, not_found = set(), {}
    for _round in range(4):
        for path in ("/", site.posts[0], site.posts[1], "/archiv/"):
            page = site.reader().get(path)
            assert page.status == 200, (path, page.status)
            assets.update(STATIC.findall(page.text))
    for asset in sorted(assets):
        for _turn in range(2):  # round robin: two requests in a row go to both servers
            if site.reader().get(asset).status == 404:
                not_found[asset] = not_found.get(asset, 0) + 1
    css = {asset for asset in assets if asset.endswith(".css")}
    assert len({a.split("/")[-1].split(".")[0] for a in css}) < len(css), (
        "both releases' style sheets should have been linked: nothing was tested",
        sorted(css),
    )
    assert not not_found, not_found


def test_one_server_killed_mid_burst_loses_no_accepted_comment_and_stores_none_twice(site):
    posts = site.posts[:3]
    drafts = [
        as_guest(open_form(site.reader(), posts[n % 3]), f"Beitrag {n} im Ansturm {marker()}.")
        for n in range(24)
    ]
    wait_fill_time(*drafts)
    accepted, outcomes, killed = [], [], threading.Event()
    lock = threading.Lock()

    def post(draft):
        try:
            answer = send(draft)
        except OSError as error:
            outcome = (draft.fields["body"], f"{type(error).__name__}", killed.is_set())
        else:
            outcome = (draft.fields["body"], answer.status, killed.is_set())
            if answer.status == 302 and "#kommentar-" in answer.location:
                with lock:
                    accepted.append((draft.fields["body"], killed.is_set()))
                    if len(accepted) == 6 and not killed.is_set():
                        site.servers["app2"].kill()
                        killed.set()
        with lock:
            outcomes.append(outcome)

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(post, drafts))

    bodies = [draft.fields["body"] for draft in drafts]
    stored = dict(
        site.database.rows(
            "SELECT body, count(*) FROM comments_comment WHERE body = ANY(%s) GROUP BY body",
            (bodies,),
        )
    )
    assert killed.is_set()
    assert any(after for _body, after in accepted), ("nothing accepted after the kill", outcomes)
    lost = [body for body, _after in accepted if stored.get(body, 0) != 1]
    twice = {body: count for body, count in stored.items() if count > 1}
    assert not lost and not twice, (lost, twice, outcomes)


# Health checks under load --------------------------------------------------------------------

BURST_CLIENTS = 20
BURST_SECONDS = 6


def test_health_checks_keep_both_servers_in_rotation_during_a_20_client_burst(site):
    """Twenty readers at once on pages no cache answers (search, reply forms). haproxy sends
    each server no more requests than it has workers and queues the rest, so its checks wait
    at most for one request to finish, never behind the whole burst."""
    words = ("social", "media", "kommunikation", "unternehmen", "b2b")
    paths = [f"/suche/?q={word}" for word in words] + [f"{p}?antwort=1" for p in site.posts]
    statuses, stop = {}, threading.Event()
    lock = threading.Lock()
    observed, direct = [], []

    def reader(number):
        client = site.reader()
        turn = number
        while not stop.is_set():
            answer = client.get(paths[turn % len(paths)])
            turn += 1
            with lock:
                statuses[answer.status] = statuses.get(answer.status, 0) + 1

    def watch():
        while not stop.is_set():
            stats = site.balancer.stats()
            observed.append(
                {
                    name: (row["status"], row["check_duration"], row["qcur"])
                    for name, row in stats.items()
                    if name in ("app1", "app2", "BACKEND")
                }
            )
            for server in ("app1", "app2"):
                answer = site.direct(server).get("/readyz")
                direct.append((server, answer.status, answer.elapsed))
            time.sleep(0.2)

    with ThreadPoolExecutor(BURST_CLIENTS + 1) as pool:
        readers = [pool.submit(reader, number) for number in range(BURST_CLIENTS)]
        watcher = pool.submit(watch)
        time.sleep(BURST_SECONDS)
        stop.set()
        for future in (*readers, watcher):
            future.result()

    servers = [{n: s for n, s in states.items() if n != "BACKEND"} for states in observed]
    down = [states for states in servers if any(s[0] != "UP" for s in states.values())]
    checks_ms = [int(s[1] or 0) for states in servers for s in states.values()]
    queued = max(int(states["BACKEND"][2] or 0) for states in observed)
    slowest_direct = max(elapsed for _server, _status, elapsed in direct)
    answered = sum(statuses.values())
    print(
        f"Burst of {BURST_CLIENTS} clients for {BURST_SECONDS} s: {answered} answers {statuses}, "
        f"{answered / BURST_SECONDS:.0f}/s; haproxy check durations max {max(checks_ms)} ms; "
        f"queued in haproxy at most {queued}; /readyz asked directly: slowest "
        f"{slowest_direct:.2f} s of {len(direct)}"
    )
    assert not down, down[:3]
    assert set(statuses) == {200}, statuses
    assert all(status == 200 for _server, status, _elapsed in direct)
    assert slowest_direct <= FAST_ENOUGH, slowest_direct


# Periodic jobs -------------------------------------------------------------------------------

PERIODIC_JOBS = ("flush_view_counts", "purge_ip_addresses", "send_queued_mail")


def views_of(site: Site, post: str) -> tuple[int, int]:
    """(views stored in PostgreSQL, views pending in Redis) of the post at ``post``."""
    import redis

    slug = post.rstrip("/").rsplit("/", 1)[-1]
    [(post_id,)] = site.database.rows("SELECT id FROM blog_post WHERE slug = %s", (slug,))
    [(stored,)] = site.database.rows(
        "SELECT coalesce(sum(count), 0) FROM blog_postviewcount WHERE post_id = %s", (post_id,)
    )
    client = redis.Redis(port=site.redis.port)
    keys = list(client.scan_iter(match=f"*blog:views:pending:*:{post_id}"))
    pending = sum(int(value) for value in client.mget(keys)) if keys else 0
    return int(stored), pending


def test_every_periodic_job_runs_on_both_servers_at_once(site):
    """cron on every app server: each job started on both at the same moment; every view is
    moved into PostgreSQL exactly once, and nothing fails."""
    post = site.posts[1]
    before = sum(views_of(site, post))
    for number in range(12):  # twelve readers from twelve networks
        assert Reader(site.balancer.port, address=f"10.{100 + number}.0.1").get(post).status == 200
    counted = sum(views_of(site, post)) - before
    assert counted == 12, counted
    releases = [site.servers["app1"].release, site.servers["app3"].release]
    jobs = [(release, job) for job in PERIODIC_JOBS for release in releases]
    with ThreadPoolExecutor(len(releases)) as pool:
        list(pool.map(lambda run: run[0].manage(run[1]), jobs))
    # Both servers at once, the whole set again: the order of the two runs is the scheduler's.
    with ThreadPoolExecutor(len(jobs)) as pool:
        list(pool.map(lambda run: run[0].manage(run[1]), jobs))
    stored, pending = views_of(site, post)
    assert (stored, pending) == (before + 12, 0), (stored, pending, before)
