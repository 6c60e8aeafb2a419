"""Where each part of the cluster listens and keeps its files: every port is a setting."""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parents[1]
DEPLOY = PROJECT / "deploy"


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"{name} must be a TCP port number, not {raw!r}.")
    return int(raw)


@dataclass(frozen=True)
class Topology:
    lb_port: int
    node_ports: tuple[int, ...]
    replica_port: int
    primary_url: str  # the server; the cluster's database is `database` on it
    database: str
    redis_url: str
    workers: int  # gunicorn workers per node
    folder: Path  # pid files, logs, the rendered nginx.conf, the replica's data directory

    @classmethod
    def from_env(cls) -> "Topology":
        database = os.environ.get("CLUSTER_DATABASE", "jobboard_cluster")
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", database):
            raise SystemExit(f"CLUSTER_DATABASE must be a plain lower-case name, not {database!r}.")
        return cls(
            lb_port=_port("CLUSTER_LB_PORT", 8080),
            node_ports=(_port("CLUSTER_NODE1_PORT", 8081), _port("CLUSTER_NODE2_PORT", 8082)),
            replica_port=_port("CLUSTER_REPLICA_PORT", 5433),
            primary_url=os.environ.get(
                "CLUSTER_PRIMARY_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            ),
            database=database,
            redis_url=os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/3"),
            workers=int(os.environ.get("CLUSTER_WORKERS", "2")),
            folder=Path(os.environ.get("CLUSTER_DIR", PROJECT / ".cluster")).resolve(),
        )

    # --- addresses ---

    @property
    def lb_url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def node_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.node_ports[number - 1]}"

    @property
    def primary_host(self) -> str:
        return urlsplit(self.primary_url).hostname or "127.0.0.1"

    @property
    def primary_port(self) -> int:
        return urlsplit(self.primary_url).port or 5432

    def database_url(self, *, replica: bool = False, name: str | None = None) -> str:
        parts = urlsplit(self.primary_url)
        netloc = parts.netloc
        if replica:
            netloc = f"{parts.username or 'postgres'}@127.0.0.1:{self.replica_port}"
        return urlunsplit(parts._replace(netloc=netloc, path=f"/{name or self.database}"))

    @property
    def redis_host_port(self) -> tuple[str, int]:
        parts = urlsplit(self.redis_url)
        return parts.hostname or "127.0.0.1", parts.port or 6379

    # --- files ---

    def pid_file(self, name: str) -> Path:
        return self.folder / f"{name}.pid"

    def log_file(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    @property
    def replica_data(self) -> Path:
        return self.folder / "replica"

    def render(self, template: str, **extra) -> str:
        """A file of deploy/ with its ${UPPER_CASE} settings filled in; nginx's own $variables
        are lower case and stay as they are."""
        values = {
            "CLUSTER_DIR": str(self.folder),
            "LB_PORT": self.lb_port,
            "NODE1_PORT": self.node_ports[0],
            "NODE2_PORT": self.node_ports[1],
            "REPLICA_PORT": self.replica_port,
            "PRIMARY_HOST": self.primary_host,
            "PRIMARY_PORT": self.primary_port,
            **extra,
        }
        return Template((DEPLOY / template).read_text()).safe_substitute(values)
