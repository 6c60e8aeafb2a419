"""What the two staff groups may do (their names, and who counts as a moderator: jobs/staff.py).

Superusers can do everything; nobody else has any permission on users, groups or tags.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from jobs.staff import EMPLOYERS_GROUP, MODERATORS_GROUP

GROUP_PERMISSIONS = {
    MODERATORS_GROUP: [
        "jobs.view_company",
        "jobs.add_company",
        "jobs.change_company",
        "jobs.view_companymembership",
        "jobs.add_companymembership",
        "jobs.change_companymembership",
        "jobs.delete_companymembership",
        "jobs.view_job",
        "jobs.change_job",
        "jobs.moderate_job",
        "salaries.view_role",
        "salaries.add_role",
        "salaries.change_role",
        "salaries.view_exchangerate",
        "salaries.add_exchangerate",
        "salaries.change_exchangerate",
        "salaries.delete_exchangerate",
        "salaries.view_salarysource",
        "salaries.view_salaryrecord",
        "salaries.view_salaryreviewitem",
        "salaries.review_salaryrecord",
        "articles.view_article",
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
    ],
    EMPLOYERS_GROUP: [
        "jobs.view_company",
        "jobs.change_company",
        "jobs.view_job",
        "jobs.add_job",
        "jobs.change_job",
        "jobs.delete_job",
        "salaries.view_role",  # to pick a job's role
    ],
}


def ensure_groups(using="default", **kwargs):
    """Create or update the staff groups; safe to run any number of times."""
    # Permissions of later apps are created after this app's post_migrate, so make sure they exist.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted.append(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
