"""Job alerts sent per second into a local SMTP server, for 10,000 alerts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.alerts
    (options: --alerts 10000 --jobs 2000 --repeat 1 --keep-database)

A measurement, not a test. PostgreSQL only: DATABASE_URL names the server, and the benchmark
makes its own database, jobboard_bench_alerts<N>, with the mark of bench/databases.py (it drops
no database without that mark). It fills it with published jobs (a quarter of them published in
the last day) and N confirmed alerts, one address each, whose searches follow a plausible mix (a
role, remote, a role and remote, a level and a type, a country, a salary floor, a word, every
job), each looked at until a day ago. Then it starts an aiosmtpd server on a free loopback port
(tests/smtp.py, the tests' own; it counts what each address receives) and runs

  1. one `manage.py send_job_alerts`, then, with every alert's mark put back,
  2. two of them at once, as two machines' cron would,

timing each from the processes' start to their end (Django's start-up included) and checking
that every address with new jobs got exactly one email. Results: bench/results/alerts-latest.md
and .json.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from bench.databases import PREFIX, BenchRefused, Server

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"

ROLES = [
    "Data Engineer", "Data Scientist", "Data Analyst", "Machine Learning Engineer",
    "Research Scientist", "Research Engineer", "Analytics Engineer", "Data Architect",
    "MLOps Engineer", "AI Engineer", "Computer Vision Engineer", "NLP Engineer",
    "Business Intelligence Analyst", "Data Platform Engineer", "Applied Scientist",
    "Software Engineer", "Data Product Manager", "Quantitative Analyst", "Statistician",
    "Database Administrator",
]  # fmt: skip
COUNTRIES = ["US", "US", "US", "DE", "GB", "FR", "NL", "ES", "IN", "BR", "CA", "PL"]
WORDS = ["python", "spark", "pipelines", "learning", "analytics", "platform", "research"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2_000)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)
    server = Server.from_environment()
    name = f"{PREFIX}alerts{args.alerts}"
    if server.exists(name):
        server.drop(name)  # refuses a database without the benchmark's mark
    server.create(name)
    env = {
        **os.environ,
        "DATABASE_URL": server.url_for(name),
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40),
        "DJANGO_DEBUG": "0",
        "SITE_URL": "https://jobs.example.com",
    }
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=PROJECT,
            env=env,
            check=True,
        )
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SECRET_KEY", "SITE_URL")})
        os.environ["DJANGO_SETTINGS_MODULE"] = "jobboard.settings"
        import django

        django.setup()
        built = build(alerts=args.alerts, jobs=args.jobs)
        results = {"alerts": args.alerts, "jobs": args.jobs, **built, "runs": []}
        for senders in (1, 2):
            reset_marks()
            results["runs"].append(send(env, senders=senders, alerts=args.alerts))
    finally:
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            server.drop(name)
    report(results)


def build(*, alerts: int, jobs: int, seed: int = 15) -> dict:
    from django.utils import timezone
    from django.utils.text import slugify

    from alerts.models import Alert, AlertStatus, Subscriber
    from jobs.models import Company, Job, JobStatus
    from salaries.models import Role

    rng = random.Random(seed)
    now = timezone.now()
    roles = Role.objects.bulk_create(Role(name=name, slug=slugify(name)) for name in ROLES)
    companies = Company.objects.bulk_create(
        Company(name=f"Bench Company {n}", slug=f"bench-company-{n}") for n in range(200)
    )
    rows = []
    for n in range(jobs):
        role = rng.choice(roles)
        level = rng.choice(["EN", "MI", "MI", "SE", "SE", "EX"])
        low = rng.randrange(60, 220) * 1000
        high = int(low * rng.uniform(1.1, 1.5))
        hours = rng.uniform(0.1, 24) if n % 4 == 0 else rng.uniform(24, 480)  # a quarter new
        published = now - timedelta(hours=hours)
        word = rng.choice(WORDS)
        rows.append(
            Job(
                title=f"{role.name} ({word})",
                slug=f"bench-job-{n}",
                company=rng.choice(companies),
                role=role,
                country=rng.choice(COUNTRIES),
                location="",
                remote_policy=rng.choice(["onsite", "onsite", "hybrid", "remote"]),
                employment_type=rng.choice(["FT"] * 8 + ["CT", "PT"]),
                experience_level=level,
                salary_min=Decimal(low),
                salary_max=Decimal(high),
                salary_currency="USD",
                salary_period="year",
                salary_annual_usd_min=low,
                salary_annual_usd_max=high,
                description=f"Work on {word} with us.",
                description_html=f"<p>Work on {word} with us.</p>",
                apply_url="https://example.com/apply",
                status=JobStatus.PUBLISHED,
                published_at=published,
                expires_at=published + timedelta(days=30),
            )
        )
    Job.objects.bulk_create(rows, batch_size=1000)
    subscribers = Subscriber.objects.bulk_create(
        (Subscriber(email=f"seeker{n}@bench.example") for n in range(alerts)), batch_size=2000
    )
    since = now - timedelta(days=1)
    queries = [search_of(rng, roles) for _ in range(alerts)]
    Alert.objects.bulk_create(
        (
            Alert(
                subscriber=subscriber,
                query=query,
                status=AlertStatus.ACTIVE,
                confirmed_at=since,
                seen_until=since,
            )
            for subscriber, query in zip(subscribers, queries, strict=True)
        ),
        batch_size=2000,
    )
    kinds = {}
    for query in queries:
        kind = "&".join(sorted(part.split("=")[0] for part in query.split("&"))) or "every job"
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"searches": kinds}


def search_of(rng, roles) -> str:
    """A plausible alert's search, as canonical_query spells it."""
    role = rng.choice(roles).slug
    kind = rng.random()
    if kind < 0.05:
        return ""
    if kind < 0.35:
        return f"role={role}"
    if kind < 0.45:
        return "remote=remote"
    if kind < 0.60:
        return f"remote=remote&role={role}"
    if kind < 0.70:
        return "employment_type=FT&experience_level=SE"
    if kind < 0.80:
        return f"country={rng.choice(COUNTRIES)}"
    if kind < 0.90:
        return f"salary_min={rng.choice([120000, 150000, 180000])}"
    return f"q={rng.choice(WORDS)}"


def reset_marks():
    from django.utils import timezone

    from alerts.models import Alert

    since = timezone.now() - timedelta(days=1)
    Alert.objects.update(checked_at=None, last_sent_at=None, seen_until=since)


def send(env: dict, *, senders: int, alerts: int) -> dict:
    sys.path.insert(0, str(PROJECT))
    from tests.smtp import Mailbox, SMTPServer

    mailbox = Mailbox(keep=False)
    smtp = SMTPServer(mailbox)
    smtp.start()
    try:
        processes, outputs, wall = run_senders(env, senders=senders, email_url=mailbox.url)
    finally:
        smtp.stop()
    for process, (out, err) in zip(processes, outputs, strict=True):
        if process.returncode != 0:
            raise BenchRefused(f"send_job_alerts failed:\n{out}\n{err}")
    from alerts.models import Alert

    sent = [emails_sent(out) for out, _ in outputs]
    done = [float(re.search(r"Done in ([\d.]+) s", out).group(1)) for out, _ in outputs]
    with_mail = Alert.objects.filter(last_sent_at__isnull=False).count()
    return {
        "senders": senders,
        "wall_seconds": round(wall, 2),
        "command_seconds": done,
        "emails_per_sender": sent,
        "emails": sum(sent),
        "received": sum(mailbox.recipients.values()),
        "addresses_received": len(mailbox.recipients),
        "each_exactly_once": set(mailbox.recipients.values()) <= {1}
        and len(mailbox.recipients) == with_mail == sum(sent),
        "alerts_handled": Alert.objects.filter(checked_at__isnull=False).count(),
        "alerts_per_second": round(alerts / wall, 1),
        "emails_per_second": round(sum(sent) / wall, 1),
    }


def run_senders(env: dict, *, senders: int, email_url: str):
    """`senders` send_job_alerts processes started at once, as that many machines' cron would;
    their processes, (stdout, stderr) each, and the wall time from the first start to the last
    end. Also used by cluster-check (deploy/steps.py)."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_job_alerts"],
            cwd=PROJECT,
            env={**env, "EMAIL_URL": email_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(senders)
    ]
    outputs = [process.communicate(timeout=3600) for process in processes]
    return processes, outputs, time.perf_counter() - started


def emails_sent(output: str) -> int:
    """The "emails sent" figure of send_job_alerts' summary."""
    return number(r"emails sent\s+([\d,]+)", output)


def number(pattern: str, text: str) -> int:
    return int(re.search(pattern, text).group(1).replace(",", ""))


def report(results: dict):
    lines = [
        f"# Job alerts: {results['alerts']:,} alerts, {results['jobs']:,} jobs",
        "",
        "| senders | wall s | alerts/s | emails | emails/s | each address once |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for run in results["runs"]:
        lines.append(
            f"| {run['senders']} | {run['wall_seconds']} | {run['alerts_per_second']:,} | "
            f"{run['emails']:,} ({' + '.join(f'{n:,}' for n in run['emails_per_sender'])}) | "
            f"{run['emails_per_second']:,} | {'yes' if run['each_exactly_once'] else 'NO'} |"
        )
    lines += ["", "Searches: " + ", ".join(f"{k} {v:,}" for k, v in results["searches"].items())]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "alerts-latest.md").write_text(text)
    (RESULTS / "alerts-latest.json").write_text(json.dumps(results, indent=1) + "\n")
    print(text)


if __name__ == "__main__":
    main()
