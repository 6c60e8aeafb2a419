"""Speed of `manage.py import_salaries` on a generated CSV, into the benchmark database.

    python -m bench.import_speed --rows 100000 --out import.json

Run by bench/run.py. The file has the ai-jobs.net columns and the survey's mix, drawn like the
builder's records (titles are the roles' names in varied case and spacing, a few titles no role
has, a few rows the rules refuse). It is imported twice: first as a new source into the full
database (the outlier rule reads every accepted record, as a real import does), then again, which
replaces the source's rows. Afterwards the source, its rows and the roles it made are removed, so
the database is as built.
"""

import argparse
import csv
import io
import json
import math
import os
import random
import tempfile
import time
from pathlib import Path

SOURCE = "bench-import"
NEW_TITLE = "Bench Imported Title"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"salaries_{args.rows}.csv"
        path.write_text(survey_csv(args.rows))
        results = time_imports(path, args.rows)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)


def survey_csv(rows: int, seed: int = 11) -> str:
    from bench.builder.vocabulary import SURVEY_DRAWS, weighted
    from salaries.models import ExchangeRate, Role
    from salaries.survey_file import COLUMNS

    rng = random.Random(seed)
    rates = ExchangeRate.objects.latest_rates()
    roles = list(Role.objects.order_by("pk").values_list("name", flat=True))
    pick_role = weighted([(name, 1 / rank) for rank, name in enumerate(roles, start=1)])
    draw = SURVEY_DRAWS
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)  # the importer's own: a renamed column breaks this loudly
    for _ in range(rows):
        title = pick_role(rng)
        u = rng.random()
        if u < 0.1:
            title = title.lower()
        elif u < 0.15:
            title = f"  {title.upper()} "
        elif u < 0.152:
            title = f"{NEW_TITLE} {rng.randint(1, 20)}"
        level = draw.level(rng)
        code, _share, pay, currency, _cities = draw.country(rng)
        currency = currency if rng.random() < 0.8 else "USD"
        usd = 130_000 * draw.level_factor[level] * pay * math.exp(rng.gauss(0, 0.3))
        local = round(usd * float(rates[currency]), -3 if rates[currency] < 50 else -5)
        survey_usd = round(local / float(rates[currency]) * rng.uniform(0.97, 1.03))
        year = draw.year(rng)
        bad = rng.random()
        if bad < 0.002:
            year = "20x3"
        elif bad < 0.004:
            local = "n/a"
        writer.writerow(
            [
                year,
                level,
                draw.employment_type(rng),
                title,
                local,
                currency,
                survey_usd,
                code,
                rng.choice([0, 50, 100]),
                code,
                rng.choice("SML"),
            ]
        )
    return out.getvalue()


def time_imports(path: Path, rows: int) -> dict:
    from django.core.management import call_command

    results = {"rows": rows, "runs": []}
    try:
        for run in ("new source", "re-import (replaces the rows)"):
            output = io.StringIO()
            started = time.perf_counter()
            call_command("import_salaries", str(path), source=SOURCE, stdout=output)
            seconds = time.perf_counter() - started
            results["runs"].append(
                {"run": run, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}
            )
            print(
                f"  import_salaries, {run}: {rows:,} rows in {seconds:.1f} s "
                f"= {rows / seconds:,.0f} rows/s",
                flush=True,
            )
        results["summary"] = output.getvalue().splitlines()[:6]
    finally:
        _remove_import()
    return results


def _remove_import() -> None:
    from django.db import transaction

    from salaries.models import Role, SalaryRecord, SalarySource

    with transaction.atomic():
        source = SalarySource.objects.filter(name=SOURCE).first()
        if source is not None:
            records = SalaryRecord.objects.filter(source=source)
            records._raw_delete(records.db)  # as the importer itself clears a source
            source.delete()
        Role.objects.filter(name__startswith=NEW_TITLE).delete()


if __name__ == "__main__":
    main()
