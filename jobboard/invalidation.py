"""What invalidates what: every write that changes a cached page, and the topics it bumps.

The one list (web/cache.py explains topics; JobboardConfig.ready connects these receivers). Pages
and the topics they are built from:

- `/jobs/` (every query) and its facet counts: jobs, figures:<each role on the page's cards> (their
  salary badges); by the clock, when a listing it counted or shows (or one before its page) ends,
  stops being featured or leaves its "posted within" window, a scheduled job starts, or a salary
  counted in a card's role lapses (jobs/views.py, JobListView.cache_until).
- a job page: job:<it and each similar job>, company:<theirs>, role:<its role>; by the clock, when
  one of the role's jobs starts, ends or stops being featured, or an article of the role appears.
- `/` (home), `/sitemap.xml` and its sections: jobs, articles, salaries; by the clock as `/jobs/`,
  or when a scheduled article appears.

| write | bumps |
|---|---|
| a job saved or deleted, its tags changed | jobs, job:<pk>, role:<its role> |
| a company saved or deleted | jobs, company:<pk> |
| a role saved or deleted | jobs, salaries, role:<pk> |
| a tag saved or deleted (a renamed tag shows on every card) | everything |
| an article saved or deleted, its roles changed | articles, role:<each of its roles> |
| a role's salary figures recomputed (salaries/figures.py) | salaries, role:<pk>, figures:<pk> |

A job that moves from one role to another leaves its old role's job pages through its own topic,
which they depend on while they list it. Salary pages and article pages are not page-cached: they
read the figures table and a few rows, fast enough on a first request.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from taggit.models import Tag

from articles.models import Article
from jobs.models import Company, Job
from salaries.figures import figures_changed
from salaries.models import Role, SalaryFigures
from web.cache import bump, forget_everything


def job_written(sender, instance, **kwargs):
    bump("jobs", f"job:{instance.pk}", *([f"role:{instance.role_id}"] if instance.role_id else []))


def job_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    jobs = (pk_set or ()) if reverse else [instance.pk]  # reverse: tag.job_set.add(...)
    bump("jobs", *(f"job:{pk}" for pk in jobs))


def company_written(sender, instance, **kwargs):
    bump("jobs", f"company:{instance.pk}")


def role_written(sender, instance, **kwargs):
    bump("jobs", "salaries", f"role:{instance.pk}")


def tag_written(sender, instance, **kwargs):
    forget_everything()


def article_written(sender, instance, **kwargs):
    # Before a delete, while the article still names its roles (the links go with it, unsignalled).
    role_ids = instance.roles.values_list("pk", flat=True) if instance.pk else []
    bump("articles", *(f"role:{pk}" for pk in role_ids))


def article_roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # role.articles.add(...): the role is the instance
        bump("articles", f"role:{instance.pk}")
    else:
        bump("articles", *(f"role:{pk}" for pk in pk_set or ()))


def salary_figures_changed(sender, role_id, **kwargs):
    # figures:<pk> apart from role:<pk>: a search page shows a role's figures (the badges), not its
    # articles, so an article saved leaves it cached.
    bump("salaries", f"role:{role_id}", f"figures:{role_id}")


RECEIVERS = [
    (post_save, Job, job_written),
    (post_delete, Job, job_written),
    (m2m_changed, Job.tags.through, job_tags_changed),
    (post_save, Company, company_written),
    (post_delete, Company, company_written),
    (post_save, Role, role_written),
    (post_delete, Role, role_written),
    (post_save, Tag, tag_written),
    (post_delete, Tag, tag_written),
    (post_save, Article, article_written),
    (pre_delete, Article, article_written),
    (m2m_changed, Article.roles.through, article_roles_changed),
    (figures_changed, SalaryFigures, salary_figures_changed),
]


def connect() -> None:
    for signal, sender, receiver in RECEIVERS:
        signal.connect(
            receiver,
            sender=sender,
            weak=False,
            dispatch_uid=f"invalidation:{receiver.__name__}:{sender.__name__}:{id(signal)}",
        )
