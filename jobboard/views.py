from django.views.generic import TemplateView

from articles.models import Article
from jobs.models import Job
from salaries.models import Role, SalaryRecord
from salaries.stats import common_roles

HOME_JOBS = 8
HOME_ROLES = 6
HOME_ARTICLES = 3


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        visible = Job.objects.visible().for_cards().newest_first()
        return super().get_context_data(
            featured_jobs=visible.featured()[:HOME_JOBS],
            latest_jobs=visible[:HOME_JOBS],
            common_roles=common_roles(
                SalaryRecord.objects.accepted(), Role.objects.all(), limit=HOME_ROLES
            ),
            latest_articles=Article.objects.published().newest_first()[:HOME_ARTICLES],
            **kwargs,
        )
