from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count

from salaries.models import Role, SalaryRecord


class RoleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # Only roles whose salary page has figures to show.
        with_figures = (
            SalaryRecord.objects.accepted()
            .order_by()
            .values("role")
            .annotate(n=Count("pk"))
            .filter(n__gte=settings.SALARY_MIN_POINTS)
            .values("role")
        )
        return Role.objects.filter(pk__in=with_figures).only("slug").order_by("pk")
