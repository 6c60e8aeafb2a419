"""Servers started in the background and stopped by the PID they were started with."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.wrk import fetch
from deploy.system import find_command
from deploy.topology import DEPLOY, PROJECT

BIN = Path(sys.executable).parent


def running_pid(pid_file: Path) -> int | None:
    """The PID in the file when that process is alive, else None."""
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def stop_pid(pid_file: Path, *, signal_number=signal.SIGTERM, timeout: float = 30) -> bool:
    """Signal the process named in pid_file and wait for it to end (SIGKILL after timeout).

    Returns whether a live process was stopped; the pid file is removed either way."""
    pid = running_pid(pid_file)
    if pid is not None:
        os.kill(pid, signal_number)
        if not wait_for_exit(pid, timeout):
            os.kill(pid, signal.SIGKILL)
            wait_for_exit(pid, 5)
    pid_file.unlink(missing_ok=True)
    return pid is not None


def wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # Reaps the process when it is our child; raises when it is not ours.
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def wait_for_http(url: str, *, timeout: float = 30, expect: int = 200, process=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        if fetch(url, timeout=2)[0] == expect:
            return True
        time.sleep(0.2)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(*, port: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    """One app node with deploy/gunicorn.conf.py, in a session of its own: it outlives the
    command that started it, and a Ctrl-C there does not reach it."""
    command = [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "jobboard.wsgi"]
    node_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    with log.open("a") as output:
        return subprocess.Popen(
            command,
            cwd=PROJECT,
            env=node_env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )


def start_nginx(config: Path, pid_file: Path) -> None:
    """nginx with `config` (its `pid` directive must name pid_file); it daemonizes itself."""
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (config.parent / "nginx-temp" / folder).mkdir(parents=True, exist_ok=True)
    nginx = find_command("nginx") or "nginx"
    checked = subprocess.run(
        [nginx, "-t", "-q", "-c", str(config), "-e", str(config.parent / "nginx-error.log")],
        capture_output=True,
        text=True,
    )
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refuses {config}: {checked.stderr.strip()}")
    subprocess.run(
        [nginx, "-c", str(config), "-e", str(config.parent / "nginx-error.log")], check=True
    )
    deadline = time.monotonic() + 10
    while running_pid(pid_file) is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"nginx did not start; see {config.parent / 'nginx-error.log'}")
        time.sleep(0.1)
