"""`make load`: the site under load, then with its database gone for five seconds.

1. Creates its own PostgreSQL database (LOAD_DATABASE, default jobboard_load) from the demo data
   (migrate + seed_demo) and collects the static files into a temporary folder.
2. Serves it with gunicorn and the production settings (debug off, a throwaway secret key; only
   the HTTPS redirect is off, since wrk speaks plain http) on 127.0.0.1:LOAD_PORT (8103).
3. Load: wrk for LOAD_SECONDS (60) on a mix of pages. Passes with zero 5xx answers and zero
   socket errors; prints each worker's resident memory at the start and at the end.
4. Outage: wrk again for 30 s while the local PostgreSQL cluster is stopped for 5 s
   (pg_ctlcluster stop ... start) and a probe asks /healthz five times a second (pages may come
   from the page cache; /healthz always asks the database). Passes when no answer is a 5xx other
   than 503, none takes longer than 5 s, there are no socket errors, and /healthz answers 200
   again within 10 s of the database's return.

PostgreSQL is started again whatever happens, also on Ctrl-C. Exits 1 if a check fails.
`--no-outage` runs the load alone (for a database this script may not stop).
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

from bench import wrk

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATABASE = os.environ.get("LOAD_DATABASE", "jobboard_load")
# Set as the database's comment when this script creates it: the only database it ever drops.
MARKER = "Jobboard load test data (bench/load.py); safe to drop"
SERVER_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PORT = int(os.environ.get("LOAD_PORT", "8103"))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "16"))
OUTAGE_RUN, OUTAGE_AT, OUTAGE_FOR = 30, 8, 5  # seconds
SLOWEST_ALLOWED = 5.0  # seconds: a slower answer is a hang
RECOVERY_ALLOWED = 10.0  # seconds after the database is back


class LoadFailed(SystemExit):
    def __init__(self, message: str):
        super().__init__(f"load: {message}")


# --- the database ---------------------------------------------------------------------------


def database_url(name: str) -> str:
    return urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}"))


def fresh_database() -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", DATABASE):
        raise LoadFailed(f"LOAD_DATABASE must be a plain lower-case name, not {DATABASE!r}.")
    name = sql.Identifier(DATABASE)
    connection = psycopg2.connect(SERVER_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [DATABASE],
        )
        row = cursor.fetchone()
        if row is not None:
            if row[0] != MARKER:
                raise LoadFailed(
                    f"database {DATABASE} exists and is not this script's; not touched."
                )
            cursor.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(DATABASE))
            )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(MARKER)))
    connection.close()


def local_cluster() -> list[str]:
    """[version, name] of the local cluster that serves SERVER_URL's port, for pg_ctlcluster."""
    parts = urlsplit(SERVER_URL)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise LoadFailed("the outage run stops a local PostgreSQL; DATABASE_URL is not local.")
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        version, name, port, *_ = line.split()
        if int(port) == (parts.port or 5432):
            return [version, name]
    raise LoadFailed(f"no local PostgreSQL cluster on port {parts.port or 5432}.")


def pg_ctlcluster(action: str, cluster: list[str]) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, action],
        check=True,
        capture_output=True,
        timeout=60,
    )


def database_is_up() -> bool:
    parts = urlsplit(SERVER_URL)
    command = ["pg_isready", "-q", "-h", parts.hostname, "-p", str(parts.port or 5432)]
    return subprocess.run(command).returncode == 0


# --- the server -------------------------------------------------------------------------------


def production_environment(static_root: Path) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "jobboard.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database_url(DATABASE),
    }


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise LoadFailed(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def start_gunicorn(env: dict, log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "jobboard.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(WORKERS),
        "--timeout",
        "30",
    ]
    # gunicorn's own log and Django's JSON lines both go to stderr.
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=output
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise LoadFailed(f"gunicorn stopped at start; see {log}")
        if fetch("/healthz")[0] == 200:
            return server
        time.sleep(0.3)
    stop(server)
    raise LoadFailed(f"gunicorn did not answer on port {PORT}; see {log}")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def fetch(path: str, timeout: float = 30) -> tuple[int, bytes]:
    return wrk.fetch(f"{BASE}{path}", timeout=timeout)


def worker_rss_mb(server: subprocess.Popen) -> dict[int, float]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = {}
    for pid in map(int, children):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes[pid] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    return sizes


# --- the pages --------------------------------------------------------------------------------


def check_mix(paths: list[str]) -> None:
    statuses = {path: fetch(path)[0] for path in paths}
    print("load: paths " + ", ".join(f"{path} {status}" for path, status in statuses.items()))
    broken = [path for path, status in statuses.items() if status >= 500 or status == 0]
    if broken:
        raise LoadFailed(f"{', '.join(broken)} failed before the load started")


def run_wrk(paths: list[str], seconds: int, folder: Path) -> dict:
    return wrk.run(
        BASE,
        paths,
        seconds=seconds,
        connections=CONNECTIONS,
        timeout=SLOWEST_ALLOWED,
        folder=folder,
    )


# --- the two runs -----------------------------------------------------------------------------


def load_run(server, paths, folder) -> list[str]:
    samples = [worker_rss_mb(server)]  # every 10 s, to tell growth from warming up
    result = {}
    loader = threading.Thread(target=lambda: result.update(run_wrk(paths, SECONDS, folder)))
    loader.start()
    while loader.is_alive():
        loader.join(timeout=10)
        samples.append(worker_rss_mb(server))
    start_rss, end_rss = samples[0], samples[-1]
    print(f"load: {wrk.describe(result)}")
    for pid in sorted(start_rss):
        series = " ".join(f"{sample[pid]:.1f}" if pid in sample else "gone" for sample in samples)
        print(f"  worker {pid}: RSS MB every 10 s: {series}")
    failures = []
    if wrk.count_5xx(result):
        failures.append(f"{wrk.count_5xx(result)} answers were 5xx under load")
    if sum(result["errors"].values()):
        failures.append(f"socket errors under load: {result['errors']}")
    if set(end_rss) != set(start_rss):
        failures.append("a worker was restarted during the load run")
    return failures


def outage_run(server, paths, folder, cluster) -> list[str]:
    probes: list[tuple[float, int, float]] = []  # (time, status, seconds taken)
    started = time.monotonic()
    finished = threading.Event()

    def probe():
        while not finished.is_set():
            sent = time.monotonic()
            status = fetch("/healthz", timeout=SLOWEST_ALLOWED * 2)[0]
            probes.append((sent - started, status, time.monotonic() - sent))
            time.sleep(0.2)

    load = {}
    loader = threading.Thread(target=lambda: load.update(run_wrk(paths, OUTAGE_RUN, folder)))
    prober = threading.Thread(target=probe)
    loader.start()
    prober.start()
    try:
        time.sleep(OUTAGE_AT)
        pg_ctlcluster("stop", cluster)
        down = time.monotonic() - started
        time.sleep(OUTAGE_FOR)
        pg_ctlcluster("start", cluster)
        up = time.monotonic() - started
    finally:
        if not database_is_up():
            pg_ctlcluster("start", cluster)
        loader.join()
        finished.set()
        prober.join()

    print(f"outage: PostgreSQL stopped at {down:.1f} s, running again at {up:.1f} s")
    print(f"  wrk: {wrk.describe(load)}")
    during = [p for p in probes if down <= p[0] <= up]
    refused = [p for p in during if p[1] == 503]
    back = next((p for p in probes if p[0] >= up and p[1] == 200), None)
    slowest = max(p[2] for p in probes)
    print(
        f"  probe of /healthz: {len(probes)} requests, {len(refused)} of {len(during)} during the "
        f"outage answered 503; slowest answer {slowest * 1000:.0f} ms; "
        + (f"200 again {back[0] - up:.2f} s after the restart" if back else "never 200 again")
    )
    failures = []
    if load["statuses"].get("500") or any(p[1] == 500 for p in probes):
        failures.append("the outage produced 500 answers")
    if wrk.count_5xx(load, allowed=("503",)):
        failures.append("the outage produced 5xx answers other than 503")
    if not load["statuses"].get("503") or not refused:
        failures.append("no 503 during the outage: was the database really stopped?")
    if sum(load["errors"].values()) or slowest > SLOWEST_ALLOWED:
        failures.append("requests hung during the outage (socket errors or slow answers)")
    if back is None or back[0] - up > RECOVERY_ALLOWED:
        failures.append(f"/healthz did not answer 200 within {RECOVERY_ALLOWED:g} s")
    return failures


def main() -> None:
    outage = "--no-outage" not in sys.argv[1:]
    if shutil.which("wrk") is None:
        raise LoadFailed("wrk is not installed (apt-get install wrk).")
    cluster = local_cluster() if outage else None
    if not database_is_up():
        raise LoadFailed(f"PostgreSQL at {SERVER_URL} is not running.")
    with tempfile.TemporaryDirectory(prefix="jobboard-load-") as tmp:
        folder = Path(tmp)
        env = production_environment(folder / "static")
        print(f"load: database {DATABASE} from the demo data, static files in {folder}")
        fresh_database()
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput")
        log = folder / "gunicorn.log"
        server = start_gunicorn(env, log)
        try:
            paths = wrk.page_mix(BASE)
            check_mix(paths)
            print(f"load: gunicorn, {WORKERS} workers on 127.0.0.1:{PORT}; {len(paths)} paths")
            failures = load_run(server, paths, folder)
            if outage:
                failures += outage_run(server, paths, folder, cluster)
        finally:
            stop(server)
            if outage and not database_is_up():
                pg_ctlcluster("start", cluster)
        errors = [line for line in log.read_text().splitlines() if '"level": "ERROR"' in line]
        print(f"load: gunicorn log: {len(errors)} error lines (a 503 logs one each)")
    if failures:
        raise LoadFailed("FAILED: " + "; ".join(failures))
    print("load: passed")


if __name__ == "__main__":
    main()
