"""config/gunicorn.py: per-instance control sockets, a worker count within the connection
budget, and the moderation loaded before a worker's first request."""

import importlib.util
import logging
import multiprocessing
from pathlib import Path

import pytest

from comments.moderation import classifier

CONFIG = Path(__file__).resolve().parent.parent / "config" / "gunicorn.py"


def load_config(monkeypatch, cores=2, **env):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: cores)
    spec = importlib.util.spec_from_file_location("gunicorn_config_under_test", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_instances_on_a_host_get_control_sockets_of_their_own(monkeypatch):
    first = load_config(monkeypatch, GUNICORN_BIND="127.0.0.1:8001")
    second = load_config(monkeypatch, GUNICORN_BIND="127.0.0.1:8002")
    assert first.control_socket != second.control_socket
    assert first.control_socket.endswith("gunicorn-127.0.0.1_8001.ctl")
    unix = load_config(monkeypatch, GUNICORN_BIND="unix:/run/gegenverkehr/app.sock")
    assert "/" not in Path(unix.control_socket).name


def test_the_control_socket_can_be_placed_or_switched_off(monkeypatch):
    placed = load_config(monkeypatch, GUNICORN_CONTROL_SOCKET="/run/gv/one.ctl")
    assert (placed.control_socket, placed.control_socket_disable) == ("/run/gv/one.ctl", False)
    assert load_config(monkeypatch, GUNICORN_CONTROL_SOCKET="off").control_socket_disable


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (4, 9), (8, 12), (32, 12)])
def test_default_workers_follow_the_cores_up_to_the_connection_budget(monkeypatch, cores, workers):
    assert load_config(monkeypatch, cores=cores).workers == workers
    assert load_config(monkeypatch, cores=cores, GUNICORN_WORKERS="20").workers == 20


class FakeWorker:
    log = logging.getLogger("gunicorn.error")


def test_a_worker_loads_the_moderation_before_its_first_request(monkeypatch, caplog):
    monkeypatch.setattr(classifier, "_model", None)
    config = load_config(monkeypatch)
    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        config.post_worker_init(FakeWorker())
    assert classifier._model is not None
    assert "Moderation loaded in" in caplog.text


def test_a_failing_warm_up_leaves_the_worker_running(monkeypatch, caplog):
    config = load_config(monkeypatch)

    def broken():
        raise OSError("model file unreadable")

    monkeypatch.setattr(config, "warm_up_moderation", broken)
    config.post_worker_init(FakeWorker())
    assert "could not be loaded at worker start" in caplog.text
