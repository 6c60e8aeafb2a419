from django.apps import AppConfig, apps
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate


class JobboardAdminConfig(AdminConfig):
    """Makes every app's @admin.register land on Jobboard's own admin site."""

    default_site = "jobboard.admin.JobboardAdminSite"


class JobboardConfig(AppConfig):
    name = "jobboard"
    verbose_name = "Jobboard"

    def ready(self):
        from django.contrib import admin

        from jobboard import invalidation
        from jobboard.permissions import ensure_groups
        from jobboard.third_party_admin import replace_third_party_admins

        # What invalidates which cached page: the one list.
        invalidation.connect()

        # After the admin's autodiscovery: the admin app comes first in INSTALLED_APPS.
        replace_third_party_admins(admin.site)

        # Groups are part of the schema's meaning (who may do what), so every migrate keeps them
        # in step with the code, in production as in tests. post_migrate is only sent for apps
        # with models; Group lives in auth.
        post_migrate.connect(
            ensure_groups, sender=apps.get_app_config("auth"), dispatch_uid="jobboard.groups"
        )
