"""What cluster-check's steps share: the cluster they act on, and how a step reports."""

import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg2

from bench import wrk
from deploy.browser import Visitor
from deploy.cluster import (
    ADMIN_USER,
    kept_secret,
    node_environment,
)
from deploy.topology import Topology

LOAD_SECONDS = 30  # each run of wrk
CONNECTIONS = 8
SLOWEST_ALLOWED = 10.0  # seconds: wrk counts a slower answer as a timeout, i.e. a failure


def say(message: str) -> None:
    print(message, flush=True)


class Step:
    def __init__(self, number: str, title: str):
        self.number, self.title = number, title
        self.failures: list[str] = []

    def figure(self, text: str) -> None:
        say(f"  {text}")

    def expect(self, condition: bool, failure: str) -> None:
        if not condition:
            self.failures.append(failure)
            say(f"  FAILED: {failure}")


class Cluster:
    """What the steps need to know and touch."""

    def __init__(self, topology: Topology):
        self.topology = topology
        self.lb = topology.lb_url
        self.password = kept_secret(topology, "admin-password")
        self.env = node_environment(topology)
        self.original_titles: dict[int, str] = {}

    def primary_sql(self, statement: str, params=()) -> list:
        return self._sql(self.topology.database_url(), statement, params)

    def replica_sql(self, statement: str, params=()) -> list:
        return self._sql(self.topology.database_url(replica=True), statement, params)

    @staticmethod
    def _sql(url: str, statement: str, params) -> list:
        connection = psycopg2.connect(url, connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def transactions(self) -> tuple[int, int]:
        """Committed transactions in the cluster's database: (primary, replica)."""
        count = "SELECT xact_commit FROM pg_stat_database WHERE datname = %s"
        name = [self.topology.database]
        return self.primary_sql(count, name)[0][0], self.replica_sql(count, name)[0][0]

    def admin(self) -> Visitor:
        visitor = Visitor()
        answer = visitor.log_in(self.lb, ADMIN_USER, self.password)
        if answer.status != 200 or "Log out" not in answer.body:
            raise SystemExit(f"the admin login through {self.lb} failed ({answer.status})")
        return visitor

    def rename_job(self, admin: Visitor, job_id: int, title: str):
        if job_id not in self.original_titles:
            self.original_titles[job_id] = self.primary_sql(
                "SELECT title FROM jobs_job WHERE id = %s", [job_id]
            )[0][0]
        return admin.change(self.lb, f"/admin/jobs/job/{job_id}/change/", "job_form", title=title)

    def restore_titles(self) -> None:
        admin = self.admin()
        for job_id, title in self.original_titles.items():
            admin.change(self.lb, f"/admin/jobs/job/{job_id}/change/", "job_form", title=title)

    def featured_jobs(self, count: int = 1) -> list[tuple[int, str, str]]:
        """Visible featured jobs: /jobs/ lists every featured job on its first page."""
        return self.primary_sql(
            "SELECT id, title, slug FROM jobs_job WHERE status = 'published' "
            "AND published_at <= now() AND expires_at > now() AND featured_until > now() "
            "ORDER BY id LIMIT %s",
            [count],
        )

    def burst(self, count: int, tag: str) -> float:
        """`count` anonymous page views that no cache answers; their seconds."""
        started = time.monotonic()
        for i in range(count):
            path = f"/jobs/?location={tag}-{i}" if i % 2 else f"/articles/?q={tag}-{i}"
            wrk.fetch(self.lb + path)
        return time.monotonic() - started

    def under_load(self, step: Step, action: Callable[[], None], folder: Path) -> dict:
        """wrk through the load balancer for LOAD_SECONDS, `action` run meanwhile."""
        paths = wrk.page_mix(self.lb, with_errors=False)
        result = {}
        loader = threading.Thread(
            target=lambda: result.update(
                wrk.run(
                    self.lb,
                    paths,
                    seconds=LOAD_SECONDS,
                    connections=CONNECTIONS,
                    timeout=SLOWEST_ALLOWED,
                    folder=folder,
                )
            )
        )
        loader.start()
        try:
            action()
        finally:
            loader.join()
        step.figure(f"wrk over {len(paths)} pages: {wrk.describe(result)}")
        return result


def clock(started: float) -> str:
    return f"{time.monotonic() - started:4.1f} s"
