from django.contrib.sitemaps import Sitemap

from jobs.models import Job


class JobSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5_000

    def items(self):
        # visible() is evaluated per request, so a job leaves the sitemap the second it ends.
        return Job.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, job):
        return job.updated_at
