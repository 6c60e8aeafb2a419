"""What every step of a build shares: the random source, the clock, rates and rules, the roles."""

import random
from dataclasses import dataclass

from bench.builder.copying import copy_rows
from bench.builder.vocabulary import EXTRA_ROLES, ROLES, SEED, SNAPSHOT


@dataclass
class Context:
    rng: random.Random
    now: object
    rates: dict
    rules: object
    roles: list  # (id, name, slug, base yearly USD)
    role_weights: list
    company_slugs: list
    survey_size: int = 0
    job_points: list | None = None


def new_context() -> Context:
    from django.utils import timezone
    from django.utils.text import slugify

    from salaries.models import ExchangeRate
    from salaries.validation import Rules

    rng = random.Random(SEED)
    import csv
    from collections import Counter

    with open(SNAPSHOT, newline="") as handle:
        counts = Counter(row["job_title"] for row in csv.DictReader(handle))
    names = [title for title, _count in counts.most_common()]
    known = {name.casefold() for name in names}
    names += [name for name in EXTRA_ROLES if name.casefold() not in known]
    names = names[:ROLES]
    roles = []
    for index, name in enumerate(names, start=1):
        base = rng.uniform(95_000, 165_000)
        if any(word in name for word in ("Manager", "Head", "Director", "Lead", "Principal")):
            base *= 1.3
        if "Analyst" in name:
            base *= 0.72
        roles.append((index, name, slugify(name), base))
    copy_rows(
        "salaries_role",
        ["id", "name", "slug", "aliases"],
        ((index, name, slug, "") for index, name, slug, _base in roles),
    )
    # Zipf's law over the survey's order: Data Engineer has the most data, as in the survey.
    role_weights = [1 / rank for rank in range(1, len(roles) + 1)]
    rates = ExchangeRate.objects.latest_rates()
    return Context(rng, timezone.now(), rates, Rules.from_settings(), roles, role_weights, [])
