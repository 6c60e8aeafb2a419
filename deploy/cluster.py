"""`make cluster` and `make cluster-stop`: the README's production topology on this machine.

    python -m deploy.cluster start   # safe to run again: what runs is left running
    python -m deploy.cluster stop

start: installs what is missing (nginx, wrk, the PostgreSQL server of the primary's version);
makes the cluster's database on the primary (CLUSTER_DATABASE) with the demo data and an admin;
a replication user, a pg_hba.conf entry for it (the primary reloads its configuration, no
restart), and a streaming replica on CLUSTER_REPLICA_PORT made with pg_basebackup; two gunicorn
nodes with the production settings; nginx in front of them on CLUSTER_LB_PORT. Redis is the
server at CLUSTER_REDIS_URL (a database number of its own).

stop: stops nginx, the nodes and the replica by the PIDs in CLUSTER_DIR, deletes the replica's
data, drops its slot and user and the pg_hba.conf entry. The cluster's database is kept.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

from deploy.processes import (
    fetch,
    running_pid,
    start_gunicorn,
    start_nginx,
    stop_pid,
    wait_for_http,
)
from deploy.system import as_postgres, as_root, install_missing
from deploy.topology import DEPLOY, PROJECT, Topology

REPLICATION_USER = "jobboard_replicator"
ADMIN_USER = "cluster-admin"
# The comment on a database this script created: the only kind it migrates and seeds.
MARKER = "Jobboard cluster database (make cluster)"
HBA_TAG = "# jobboard make cluster"


def say(message: str) -> None:
    print(f"cluster: {message}", flush=True)


class ClusterFailed(SystemExit):
    def __init__(self, message: str):
        super().__init__(f"cluster: {message}")


# --- the primary -------------------------------------------------------------------------------


def primary(topology: Topology, database: str = "postgres"):
    try:
        connection = psycopg2.connect(topology.database_url(name=database), connect_timeout=5)
    except psycopg2.OperationalError as error:
        raise ClusterFailed(
            f"the primary at {topology.primary_url} does not answer: {error}"
        ) from error
    connection.autocommit = True
    return connection


def query(topology: Topology, statement, params=(), *, database: str = "postgres"):
    connection = primary(topology, database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def slot_name(topology: Topology) -> str:
    return f"jobboard_replica_{topology.replica_port}"


def postgres_bin(topology: Topology) -> Path:
    """The server programs of the primary's major version (a replica must run the same)."""
    version = query(topology, "SHOW server_version_num")[0][0][:-4]
    folder = Path(f"/usr/lib/postgresql/{version}/bin")
    if not (folder / "pg_ctl").exists():
        install_missing(extra_packages=(f"postgresql-{version}",))
    return folder


# --- the database ------------------------------------------------------------------------------


def node_environment(topology: Topology) -> dict:
    """The production settings every node runs with; only the bind address differs per node."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "jobboard.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": kept_secret(topology, "secret-key"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain http on the loopback; in production the TLS proxy in front makes these https.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_ROOT": str(topology.folder / "static"),
        "DATABASE_URL": topology.database_url(),
        "DATABASE_REPLICA_URL": topology.database_url(replica=True),
        "REDIS_URL": topology.redis_url,
    }


def kept_secret(topology: Topology, name: str) -> str:
    """A random value made once and kept in CLUSTER_DIR (the same for every node and start)."""
    path = topology.folder / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(40))
        path.chmod(0o600)
    return path.read_text().strip()


def manage(env: dict, *args: str, extra_env: dict | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**env, **(extra_env or {})},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ClusterFailed(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")


CREATE_ADMIN = """
import os
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(username=os.environ["CLUSTER_ADMIN_USER"])
user.is_staff = user.is_superuser = True
user.set_password(os.environ["CLUSTER_ADMIN_PASSWORD"])
user.save()
"""


def prepare_database(topology: Topology, env: dict) -> None:
    name = topology.database
    found = query(
        topology,
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    created = not found
    if created:
        query(topology, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        query(
            topology,
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(MARKER)
            ),
        )
    elif found[0][0] != MARKER:
        raise ClusterFailed(f"database {name} exists and is not the cluster's; not touched.")
    manage(env, "migrate", "--noinput")
    if created:
        manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        CREATE_ADMIN,
        extra_env={
            "CLUSTER_ADMIN_USER": ADMIN_USER,
            "CLUSTER_ADMIN_PASSWORD": kept_secret(topology, "admin-password"),
        },
    )
    say(f"database {name} on the primary: migrated, {'seeded, ' if created else ''}admin ready")


# --- the replica -------------------------------------------------------------------------------


def hba_line() -> str:
    return f"host replication {REPLICATION_USER} 127.0.0.1/32 trust {HBA_TAG}"


def allow_replication(topology: Topology) -> None:
    """A replication user, and a pg_hba.conf entry that lets it stream (a reload, no restart)."""
    query(
        topology,
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN "
            "CREATE ROLE {role} WITH REPLICATION LOGIN; END IF; END $$"
        ).format(name=sql.Literal(REPLICATION_USER), role=sql.Identifier(REPLICATION_USER)),
    )
    wal_level = query(topology, "SHOW wal_level")[0][0]
    if wal_level not in ("replica", "logical"):
        raise ClusterFailed(
            f"the primary has wal_level={wal_level}: set wal_level = replica in its "
            "postgresql.conf and restart it (this script never restarts the primary)."
        )
    hba_file = Path(query(topology, "SHOW hba_file")[0][0])
    if hba_line() not in hba_file.read_text():
        subprocess.run(
            as_root(["tee", "-a", str(hba_file)]),
            input=hba_line() + "\n",
            text=True,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        query(topology, "SELECT pg_reload_conf()")
        say(f"pg_hba.conf: added `{hba_line()}` and reloaded the primary")
    # The reload is asynchronous: wait until a replication connection is let in.
    deadline = time.monotonic() + 10
    while not can_replicate(topology):
        if time.monotonic() > deadline:
            raise ClusterFailed(f"the primary still refuses replication connections ({hba_file})")
        time.sleep(0.3)


def can_replicate(topology: Topology) -> bool:
    try:
        connection = psycopg2.connect(
            host=topology.primary_host,
            port=topology.primary_port,
            user=REPLICATION_USER,
            replication="true",
            connect_timeout=5,
        )
    except psycopg2.OperationalError:
        return False
    connection.close()
    return True


def slot_exists(topology: Topology) -> bool:
    return bool(
        query(
            topology,
            "SELECT 1 FROM pg_replication_slots WHERE slot_name = %s",
            [slot_name(topology)],
        )
    )


def copy_primary(topology: Topology) -> None:
    """A fresh base backup into CLUSTER_DIR/replica, through a new slot of its own."""
    data = topology.replica_data
    if data.exists():
        shutil.rmtree(data)
    if slot_exists(topology):
        query(topology, "SELECT pg_drop_replication_slot(%s)", [slot_name(topology)])
    data.mkdir(mode=0o700)
    shutil.chown(data, "postgres", "postgres")
    size = query(topology, "SELECT pg_size_pretty(sum(pg_database_size(oid))) FROM pg_database")
    say(f"pg_basebackup: copying the primary ({size[0][0]}; every database, as replication does)")
    started = time.monotonic()
    command = [
        "pg_basebackup",
        f"--host={topology.primary_host}",
        f"--port={topology.primary_port}",
        f"--username={REPLICATION_USER}",
        f"--pgdata={data}",
        "--wal-method=stream",
        "--checkpoint=fast",
        "--create-slot",
        f"--slot={slot_name(topology)}",
        "--no-password",
    ]
    result = subprocess.run(as_postgres(command), capture_output=True, text=True)
    if result.returncode != 0:
        raise ClusterFailed(f"pg_basebackup failed: {result.stderr.strip()[-1500:]}")
    say(f"pg_basebackup: done in {time.monotonic() - started:.0f} s")
    settings = topology.render(
        "replica.conf", REPLICATION_USER=REPLICATION_USER, SLOT=slot_name(topology)
    )
    files = {
        "postgresql.conf": settings,
        "pg_hba.conf": (DEPLOY / "replica_hba.conf").read_text(),
        "pg_ident.conf": "",
        # The primary's ALTER SYSTEM settings are not the replica's.
        "postgresql.auto.conf": "# Written by ALTER SYSTEM on the replica.\n",
        "standby.signal": "",
    }
    for name, text in files.items():
        (data / name).write_text(text)
        shutil.chown(data / name, "postgres", "postgres")


def start_replica(topology: Topology) -> None:
    pid_file = topology.pid_file("replica")
    if running_pid(pid_file):
        say(f"replica: already running (pid {running_pid(pid_file)})")
        return
    allow_replication(topology)
    data = topology.replica_data
    if not (data / "standby.signal").exists() or not slot_exists(topology):
        copy_primary(topology)
    log = topology.log_file("replica")
    log.touch()
    shutil.chown(log, "postgres", "postgres")
    pg_ctl = str(postgres_bin(topology) / "pg_ctl")
    result = subprocess.run(
        as_postgres([pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "120", "start"]),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ClusterFailed(f"the replica did not start: {result.stdout}{result.stderr}; see {log}")
    pid_file.write_text((data / "postmaster.pid").read_text().split()[0] + "\n")
    deadline = time.monotonic() + 60
    while not streaming(topology):
        if time.monotonic() > deadline:
            raise ClusterFailed(f"the replica does not stream from the primary; see {log}")
        time.sleep(0.5)
    say(f"replica: streaming on 127.0.0.1:{topology.replica_port} (pid {running_pid(pid_file)})")


def streaming(topology: Topology) -> bool:
    rows = query(
        topology,
        "SELECT state FROM pg_stat_replication WHERE application_name = %s",
        [slot_name(topology)],
    )
    return bool(rows) and rows[0][0] == "streaming"


def stop_replica(topology: Topology) -> None:
    # SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is lost.
    if stop_pid(topology.pid_file("replica"), signal_number=signal.SIGINT, timeout=60):
        say("replica: stopped")
    if topology.replica_data.exists():
        shutil.rmtree(topology.replica_data)
    deadline = time.monotonic() + 15
    while slot_exists(topology):
        try:
            query(topology, "SELECT pg_drop_replication_slot(%s)", [slot_name(topology)])
            say(f"slot {slot_name(topology)}: dropped")
        except psycopg2.errors.ObjectInUse:
            if time.monotonic() > deadline:
                raise ClusterFailed(f"slot {slot_name(topology)} is still in use") from None
            time.sleep(0.5)
    forbid_replication(topology)


def forbid_replication(topology: Topology) -> None:
    hba_file = Path(query(topology, "SHOW hba_file")[0][0])
    lines = hba_file.read_text().splitlines(keepends=True)
    kept = [line for line in lines if not line.rstrip().endswith(HBA_TAG)]
    if kept != lines:
        subprocess.run(
            as_root(["tee", str(hba_file)]),
            input="".join(kept),
            text=True,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        query(topology, "SELECT pg_reload_conf()")
        say("pg_hba.conf: entry removed, primary reloaded")
    if query(topology, "SELECT 1 FROM pg_roles WHERE rolname = %s", [REPLICATION_USER]):
        query(topology, sql.SQL("DROP ROLE {}").format(sql.Identifier(REPLICATION_USER)))
        say(f"role {REPLICATION_USER}: dropped")


# --- the nodes and the load balancer -----------------------------------------------------------


def start_node(topology: Topology, number: int, env: dict) -> None:
    pid_file = topology.pid_file(f"node{number}")
    url = topology.node_url(number)
    if running_pid(pid_file) and fetch(f"{url}/healthz")[0] == 200:
        say(f"node{number}: already running on {url} (pid {running_pid(pid_file)})")
        return
    stop_pid(pid_file)
    node = start_gunicorn(
        port=topology.node_ports[number - 1],
        workers=topology.workers,
        env=env,
        log=topology.log_file(f"node{number}"),
    )
    pid_file.write_text(f"{node.pid}\n")
    if not wait_for_http(f"{url}/healthz", timeout=60, process=node):
        log = topology.log_file(f"node{number}")
        raise ClusterFailed(f"node{number} did not answer on {url}; see {log}")
    say(f"node{number}: gunicorn on {url}, {topology.workers} workers (pid {node.pid})")


def start_load_balancer(topology: Topology) -> None:
    pid_file = topology.pid_file("nginx")
    if running_pid(pid_file):
        say(f"load balancer: already running on {topology.lb_url} (pid {running_pid(pid_file)})")
        return
    config = topology.folder / "nginx.conf"
    config.write_text(topology.render("nginx.conf"))
    try:
        start_nginx(config, pid_file)
    except RuntimeError as error:
        raise ClusterFailed(str(error)) from error
    if not wait_for_http(f"{topology.lb_url}/healthz"):
        raise ClusterFailed(f"nginx does not answer on {topology.lb_url}")
    say(f"load balancer: nginx on {topology.lb_url} (pid {running_pid(pid_file)})")


def check_redis(topology: Topology) -> None:
    host, port = topology.redis_host_port
    answer = subprocess.run(
        ["redis-cli", "-h", host, "-p", str(port), "ping"], capture_output=True, text=True
    )
    if answer.stdout.strip() != "PONG":
        raise ClusterFailed(f"Redis at {topology.redis_url} does not answer")


# --- commands ----------------------------------------------------------------------------------


def start(topology: Topology) -> None:
    topology.folder.mkdir(parents=True, exist_ok=True)
    # The replica's data directory is below: the postgres user must be able to reach it.
    topology.folder.chmod(0o755)
    installed = install_missing("nginx", "wrk", "pg_basebackup", "redis-cli")
    if installed:
        say(f"installed {', '.join(installed)}")
    check_redis(topology)
    env = node_environment(topology)
    prepare_database(topology, env)
    start_replica(topology)
    for number in (1, 2):
        start_node(topology, number, env)
    start_load_balancer(topology)
    say(
        f"up: {topology.lb_url} -> nodes {', '.join(map(str, topology.node_ports))}; "
        f"primary {topology.primary_host}:{topology.primary_port}/{topology.database}, "
        f"replica 127.0.0.1:{topology.replica_port}, cache {topology.redis_url}; "
        f"admin {ADMIN_USER}, password in {topology.folder / 'admin-password'}"
    )


def stop(topology: Topology) -> None:
    if stop_pid(topology.pid_file("nginx"), signal_number=signal.SIGQUIT, timeout=15):
        say("load balancer: stopped")
    for number in (1, 2):
        if stop_pid(topology.pid_file(f"node{number}"), timeout=30):
            say(f"node{number}: stopped")
    stop_replica(topology)
    say(f"stopped; database {topology.database} kept on the primary")


def main(argv: list[str]) -> None:
    if argv not in (["start"], ["stop"]):
        raise SystemExit("usage: python -m deploy.cluster start|stop")
    topology = Topology.from_env()
    (start if argv == ["start"] else stop)(topology)


if __name__ == "__main__":
    main(sys.argv[1:])
