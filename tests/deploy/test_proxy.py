"""Slow clients against the production setup: deploy/nginx.conf in front of deploy/gunicorn.conf.py.

Issue 19: three connections that send one header line every few seconds held every sync worker,
and /healthz stopped answering. The same attack is run first against gunicorn alone (it must
still work, or this test proves nothing), then against nginx in front of the same gunicorn.
"""

import os
import secrets
import socket
import threading
import time

import pytest

from deploy.processes import (
    fetch,
    free_port,
    start_gunicorn,
    start_nginx,
    stop_pid,
    wait_for_exit,
    wait_for_http,
)
from deploy.system import install_missing
from deploy.topology import Topology

WORKERS = 2
SLOW_CLIENTS = 4  # more than the workers
LINE_EVERY = 3.0  # seconds between two header lines of a slow client
PATIENCE = 3.0  # seconds a probe of /healthz waits


class SlowClients:
    """Connections that send a request's header lines one by one, LINE_EVERY seconds apart,
    and never finish."""

    def __init__(self, port: int, count: int):
        self.sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
        self.closed_by_server = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self):
        for client in self.sockets:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        self._thread.start()
        return self

    def _drip(self):
        line = 0
        while not self._stop.wait(LINE_EVERY):
            line += 1
            for client in list(self.sockets):
                try:
                    client.sendall(f"X-Slow-{line}: {'x' * 20}\r\n".encode())
                except OSError:
                    self.sockets.remove(client)
                    self.closed_by_server += 1

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        for client in self.sockets:
            client.close()


def probe_healthz(url: str, *, seconds: float, every: float = 0.5) -> list[tuple[int, float]]:
    """(status, seconds taken) of a GET /healthz every `every` seconds for `seconds`."""
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sent = time.monotonic()
        status, _ = fetch(f"{url}/healthz", timeout=PATIENCE)
        results.append((status, time.monotonic() - sent))
        time.sleep(max(0.0, every - (time.monotonic() - sent)))
    return results


@pytest.fixture(scope="module")
def nginx_binary():
    """nginx from Debian's packages; installed here as `.ci/run` and `make cluster` do."""
    try:
        install_missing("nginx")
    except SystemExit as error:
        pytest.fail(f"nginx is needed for the slow-client test and could not be installed: {error}")


@pytest.fixture(scope="module")
def production_setup(nginx_binary, tmp_path_factory):
    """gunicorn (2 sync workers, production settings) and nginx with the shipped config, on free
    loopback ports; both stopped by the PID they were started with."""
    folder = tmp_path_factory.mktemp("proxy")
    node_port, lb_port = free_port(), free_port()
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS"))
    }
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "jobboard.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # /healthz asks the database for SELECT 1; an empty SQLite file answers that.
        "DATABASE_URL": f"sqlite:///{folder / 'health.sqlite3'}",
    }
    node = start_gunicorn(port=node_port, workers=WORKERS, env=env, log=folder / "node.log")
    topology = Topology.from_env()
    config = folder / "nginx.conf"
    # Both upstream entries name the one node: the test needs one node's workers held.
    rendered = topology.render(
        "nginx.conf",
        CLUSTER_DIR=folder,
        LB_PORT=lb_port,
        NODE1_PORT=node_port,
        NODE2_PORT=node_port,
    )
    config.write_text(rendered)
    try:
        assert wait_for_http(f"http://127.0.0.1:{node_port}/healthz", process=node), (
            folder / "node.log"
        ).read_text()[-2000:]
        start_nginx(config, folder / "nginx.pid")
        assert wait_for_http(f"http://127.0.0.1:{lb_port}/healthz")
        yield {"node": f"http://127.0.0.1:{node_port}", "proxy": f"http://127.0.0.1:{lb_port}"}
    finally:
        stop_pid(folder / "nginx.pid", timeout=10)
        node.terminate()
        if not wait_for_exit(node.pid, 25):
            node.kill()
            node.wait()


def test_slow_clients_hold_every_worker_of_a_bare_gunicorn(production_setup):
    """The attack itself, against the address that must never be exposed: it still works."""
    with SlowClients(int(production_setup["node"].rsplit(":", 1)[1]), SLOW_CLIENTS):
        time.sleep(0.5)  # the workers pick up the first connections
        probes = probe_healthz(production_setup["node"], seconds=2 * PATIENCE)
    assert all(status == 0 for status, _ in probes), probes


def test_slow_clients_do_not_stop_the_site_behind_the_proxy(production_setup):
    port = int(production_setup["proxy"].rsplit(":", 1)[1])
    with SlowClients(port, SLOW_CLIENTS) as slow:
        probes = probe_healthz(production_setup["proxy"], seconds=8)
        still_connected = len(slow.sockets)
    assert len(probes) >= 10
    assert all(status == 200 for status, _ in probes), probes
    assert max(taken for _, taken in probes) < PATIENCE / 2, probes
    # The slow clients were really there the whole time: nginx holds them, not the workers.
    assert still_connected == SLOW_CLIENTS
