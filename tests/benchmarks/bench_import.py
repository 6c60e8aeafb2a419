"""Import speed of `import_salary_file`, in rows per second, on the database DATABASE_URL names
(a throwaway test database: SQLite in a temporary file by default, or PostgreSQL).

    .venv/bin/python tests/benchmarks/bench_import.py [--rows 100000] [--repeat 3]

The file is the 2023 ai-jobs.net snapshot, repeated to the number of rows asked for. The first
run imports into an empty source; the others re-import it, which also deletes the old rows.
A benchmark, not a test: the bar (10,000 rows/s) is checked by reading its output.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from salaries.importer import import_salary_file  # noqa: E402

SNAPSHOT = PROJECT / "salaries/data/aijobs/salaries_aijobs_2023-05-14_prefloor.csv"


def synthetic_file(directory: Path, rows: int) -> Path:
    header, *body = SNAPSHOT.read_text().splitlines()
    lines = (body * (rows // len(body) + 1))[:rows]
    path = directory / f"salaries_{rows}.csv"
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(directory / "bench.sqlite3")
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0)
        try:
            print(f"database: {connection.vendor}, debug: {settings.DEBUG}")
            print(f"{'rows':>8}  {'run':>3}  {'seconds':>8}  {'rows/s':>8}")
            for rows in (4_506, args.rows):
                path = synthetic_file(directory, rows)
                for run in range(1, args.repeat + 1):
                    started = time.perf_counter()
                    report = import_salary_file(path=path, source_name=f"bench-{rows}")
                    seconds = time.perf_counter() - started
                    assert report.read == rows and report.imported == rows - report.refused_rows
                    print(f"{rows:>8,}  {run:>3}  {seconds:>8.3f}  {rows / seconds:>8,.0f}")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
