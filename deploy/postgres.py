"""The PostgreSQL side of `make cluster`: the primary's replication user and pg_hba.conf entry,
and the streaming replica made with pg_basebackup (started and stopped by its PID)."""

import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

from deploy.processes import running_pid, stop_pid
from deploy.system import ClusterFailed, as_postgres, as_root, install_missing, say
from deploy.topology import DEPLOY, Topology

REPLICATION_USER = "jobboard_replicator"
HBA_TAG = "# jobboard make cluster"


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
