from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Jobs"

    def ready(self):
        from taggit.models import Tag

        from jobs import listings
        from jobs.models import Company, Job
        from salaries.models import Role

        # The search's narrow table follows every write to what it holds (see jobs/listings.py).
        # What a write does to cached pages is said in one list: jobboard/invalidation.py.
        post_save.connect(listings.job_saved, sender=Job, dispatch_uid="listing-job")
        post_save.connect(listings.company_saved, sender=Company, dispatch_uid="listing-company")
        post_save.connect(listings.tag_saved, sender=Tag, dispatch_uid="listing-tag")
        pre_delete.connect(
            listings.role_deleting, sender=Role, dispatch_uid="listing-role-deleting"
        )
        post_delete.connect(
            listings.listed_jobs_deleted, sender=Role, dispatch_uid="listing-role-deleted"
        )
        pre_delete.connect(listings.tag_deleting, sender=Tag, dispatch_uid="listing-tag-deleting")
        post_delete.connect(
            listings.listed_jobs_deleted, sender=Tag, dispatch_uid="listing-tag-deleted"
        )
        m2m_changed.connect(
            listings.job_tags_changed, sender=Job.tags.through, dispatch_uid="listing-tags"
        )
