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
import signal
import subprocess
import sys

from psycopg2 import sql

from deploy.postgres import query, start_replica, stop_replica
from deploy.processes import (
    fetch,
    running_pid,
    start_gunicorn,
    start_nginx,
    stop_pid,
    wait_for_http,
)
from deploy.system import ClusterFailed, install_missing, say
from deploy.topology import PROJECT, Topology

ADMIN_USER = "cluster-admin"
# The comment on a database this script created: the only kind it migrates and seeds.
MARKER = "Jobboard cluster database (make cluster)"


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
