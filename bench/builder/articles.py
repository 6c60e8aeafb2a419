"""Articles about the roles."""

from datetime import timedelta

from bench.builder.context import Context
from bench.builder.copying import copy_rows
from bench.builder.vocabulary import TAGS, WORDS


def articles(context: Context, count: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import slugify

    rng, now = context.rng, context.now
    bodies = []
    for _ in range(60):
        sections = []
        for heading in rng.sample(
            [
                "Why it matters",
                "What the data says",
                "Skills",
                "Pay",
                "Interviews",
                "Remote work",
                "Career paths",
                "Tools",
            ],
            5,
        ):
            paragraphs = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 80))).capitalize() + "."
                for _ in range(3)
            ]
            sections.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
        bodies.append("\n\n".join(sections) + "\n")
    patterns = [
        "How much does a {role} earn in {year}?",
        "{n} skills every {role} needs",
        "From analyst to {role}: a career guide",
        "What a {role} does all day",
        "Interviewing for {role} jobs",
        "Remote {role} jobs: what pays",
    ]
    # Articles go through the ORM (save() derives their HTML, contents and word count): a few
    # thousand saves take seconds, and the build stays right whatever save() derives next.
    from articles.models import Article

    role_links, tagged = [], []
    article_type = ContentType.objects.get(app_label="articles", model="article").pk
    for article_id in range(1, count + 1):
        role = context.roles[min(int(rng.paretovariate(1.2)) - 1, len(context.roles) - 1)]
        title = rng.choice(patterns).format(
            role=role[1], year=rng.choice([2023, 2024, 2025]), n=rng.randint(5, 12)
        )
        published = rng.random() < 0.95
        Article(
            id=article_id,
            title=title,
            slug=f"{slugify(title)}-{article_id}",
            summary=f"{title} A short answer, with data.",
            body=bodies[rng.randrange(len(bodies))],
            author_name=rng.choice(["Ada Byte", "Grace Hopper", "Alan Kay"]),
            status="published" if published else "draft",
            published_at=now - timedelta(days=rng.uniform(1, 1000)) if published else None,
        ).save(force_insert=True)
        for role_id in {role[0], rng.randint(1, len(context.roles))}:
            role_links.append((article_id, role_id))
        for tag in rng.sample(range(1, len(TAGS) + 1), 2):
            tagged.append((tag, article_id, article_type))
    copy_rows("articles_article_roles", ["article_id", "role_id"], role_links)
    copy_rows("taggit_taggeditem", ["tag_id", "object_id", "content_type_id"], tagged)
