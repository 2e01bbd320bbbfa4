"""Servers a test starts itself: ports from the test port range, readiness, stopping by pid.

Every server binds to 127.0.0.1 on a free port of ``TEST_PORT_RANGE`` (default 18300-18399) and
is stopped through its process id. Waiting is always on a condition, never a fixed sleep.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable

HOST = "127.0.0.1"


def port_range() -> range:
    first, _, last = os.environ.get("TEST_PORT_RANGE", "18300-18399").partition("-")
    return range(int(first), int(last) + 1)


def free_port(taken: set[int] | None = None) -> int:
    """A port of the test range nothing listens on (started at random: parallel runs differ)."""
    ports = list(port_range())
    start = random.randrange(len(ports))
    for port in ports[start:] + ports[:start]:
        if taken and port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
        if taken is not None:
            taken.add(port)
        return port
    raise RuntimeError(f"No free port in {port_range()}.")


def wait_until(condition: Callable[[], object], timeout: float, what: str, interval=0.05):
    """``condition()``'s first truthy result, polled until ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"Waited {timeout} s for {what}.")
        time.sleep(interval)


def accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def stop_process(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 15) -> None:
    """Stop a process (and its group, if it leads one) by id; SIGKILL if it does not go."""
    if process.poll() is not None:
        return
    group = _own_group(process)
    try:
        if group:
            os.killpg(process.pid, signal.SIGCONT)  # a paused process cannot act on SIGTERM
            os.killpg(process.pid, sig)
        else:
            process.send_signal(signal.SIGCONT)
            process.send_signal(sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(5)


def _own_group(process: subprocess.Popen) -> bool:
    try:
        return os.getpgid(process.pid) == process.pid
    except ProcessLookupError:
        return False


class RedisServer:
    """A redis-server of the test's own, without persistence; can be stopped, paused, restarted."""

    def __init__(self, port: int, log_path: str = os.devnull):
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is required: apt-get install -y redis-server")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", HOST, "--save", "",
                 "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_until(self.answers, 10, f"redis-server on port {self.port}")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


class SilentServer:
    """Accepts connections and never answers: a hung Redis, as far as a client can tell."""

    def __init__(self, port: int):
        self.port = port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((HOST, port))
        self.listener.listen(64)
        self.accepted: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def connections(self) -> int:
        """How many connections clients opened so far."""
        self.listener.setblocking(False)
        while True:
            try:
                connection, _address = self.listener.accept()
            except BlockingIOError:
                return len(self.accepted)
            self.accepted.append(connection)

    def close(self) -> None:
        for connection in self.accepted:
            connection.close()
        self.listener.close()
