"""The benchmark's own PostgreSQL databases: created, recognised and dropped by this module only.

A database is the benchmark's when its name starts with PREFIX *and* it carries MARKER as its
comment, set the moment it is created; nothing else is ever dropped or written. DATABASE_URL only
says which server to use: its own database is used for CREATE/DROP DATABASE statements and is
otherwise left alone.
"""

import os
import re
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

PREFIX = "jobboard_bench_"
MARKER = "Jobboard benchmark data (bench/databases.py); safe to drop"
NAME = re.compile(rf"^{PREFIX}[a-z0-9_]{{1,40}}$")


class BenchRefused(SystemExit):
    """A clear message instead of a traceback: the benchmark will not run here."""

    def __init__(self, message: str):
        super().__init__(f"bench: {message}")


@dataclass(frozen=True)
class Server:
    url: str  # DATABASE_URL as given

    @classmethod
    def from_environment(cls) -> "Server":
        url = os.environ.get("DATABASE_URL", "")
        scheme = urlsplit(url).scheme
        if not url or scheme.startswith("sqlite"):
            raise BenchRefused(
                "the benchmark runs on PostgreSQL only; DATABASE_URL is "
                f"{'unset (SQLite)' if not url else 'SQLite'}. Run it as\n"
                "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench\n"
                f"(it creates and uses its own databases named {PREFIX}*; "
                "the database in the URL is only used to create them)."
            )
        if scheme not in ("postgres", "postgresql", "pgsql"):
            raise BenchRefused(f"DATABASE_URL must be a postgres:// URL, not {scheme}://.")
        return cls(url)

    def url_for(self, name: str) -> str:
        """DATABASE_URL with another database name: how the benchmark's processes connect."""
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def _connect(self):
        connection = psycopg2.connect(self.url)
        connection.autocommit = True
        return connection

    def owned(self, name: str) -> bool:
        """Whether the database exists, carries our marker and has our kind of name."""
        with self._connect() as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            )
            row = cursor.fetchone()
        connection.close()
        return row is not None and row[0] == MARKER and bool(NAME.match(name))

    def exists(self, name: str) -> bool:
        with self._connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            found = cursor.fetchone() is not None
        connection.close()
        return found

    def create(self, name: str) -> None:
        check_name(name)
        if self.exists(name):
            raise BenchRefused(f"database {name} exists and was not made by the benchmark.")
        connection = self._connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                cursor.execute(
                    sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                        sql.Identifier(name), sql.Literal(MARKER)
                    )
                )
        finally:
            connection.close()

    def drop(self, name: str) -> None:
        check_name(name)
        if not self.exists(name):
            return
        if not self.owned(name):
            raise BenchRefused(f"refusing to drop {name}: it does not carry the benchmark's mark.")
        connection = self._connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
                )
        finally:
            connection.close()

    def owned_databases(self) -> list[str]:
        with self._connect() as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s "
                "AND shobj_description(oid, 'pg_database') = %s ORDER BY datname",
                [PREFIX + "%", MARKER],
            )
            names = [row[0] for row in cursor.fetchall()]
        connection.close()
        return [name for name in names if NAME.match(name)]


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise BenchRefused(
            f"{name!r} is not a benchmark database name ({PREFIX} then lower-case letters, "
            "digits or _)."
        )


def database_name(*, jobs: int, salaries: int, articles: int) -> str:
    # BENCH_DATABASE_SUFFIX keeps two checkouts benchmarking on one server out of each other's way.
    suffix = os.environ.get("BENCH_DATABASE_SUFFIX", "")
    return f"{PREFIX}j{jobs}_s{salaries}_a{articles}" + (f"_{suffix}" if suffix else "")


if __name__ == "__main__":  # python -m bench.databases: list them
    server = Server.from_environment()
    print("\n".join(server.owned_databases()) or "no benchmark databases", file=sys.stdout)
