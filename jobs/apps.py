from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Jobs"

    def ready(self):
        from taggit.models import Tag

        from jobs import listings
        from jobs.cache import forget_board
        from jobs.models import Company, Job
        from salaries.models import Role

        # Anything a job card shows: cached job pages must not outlive it (see jobs/cache.py).
        for model in (Job, Company, Role):
            post_save.connect(forget_board, sender=model, dispatch_uid=f"forget-board-{model}")
            post_delete.connect(forget_board, sender=model, dispatch_uid=f"forget-board-d-{model}")
        m2m_changed.connect(forget_board, sender=Job.tags.through, dispatch_uid="forget-board-tags")

        # The search's narrow table follows every write to what it holds (see jobs/listings.py).
        post_save.connect(listings.job_saved, sender=Job, dispatch_uid="listing-job")
        post_save.connect(listings.company_saved, sender=Company, dispatch_uid="listing-company")
        post_save.connect(listings.tag_saved, sender=Tag, dispatch_uid="listing-tag")
        m2m_changed.connect(
            listings.job_tags_changed, sender=Job.tags.through, dispatch_uid="listing-tags"
        )
