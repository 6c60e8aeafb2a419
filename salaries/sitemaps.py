from django.contrib.sitemaps import Sitemap

from salaries.figures import role_summaries
from salaries.models import Role


class RoleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # Only roles whose salary page has figures to show, as salaries/figures.py knows them.
        summaries = role_summaries()
        with_figures = [role_id for role_id, summary in summaries.items() if summary.enough]
        return Role.objects.filter(pk__in=with_figures).only("slug").order_by("pk")
