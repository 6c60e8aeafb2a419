"""Employers' pages outside the job list: renewing a job from its reminder email (a signed link,
no sign-in), and their email settings (in the admin, signed in)."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import UpdateView

from jobs import review
from jobs.models import EmployerEmailSettings
from jobs.renewal import RenewLinkProblem, job_for_renewal


@method_decorator(never_cache, name="dispatch")
class RenewJobView(View):
    """The page of the renew link: a button, so a mail scanner opening the link renews nothing."""

    template_name = "jobs/renew.html"

    def dispatch(self, request, *args, token, **kwargs):
        try:
            self.job = job_for_renewal(token)
        except RenewLinkProblem as problem:
            return self.show(request, problem=str(problem), status=400)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.show(request, job=self.job)

    def post(self, request):
        try:
            job = review.job_renew(job=self.job)
        except ValidationError as error:
            return self.show(request, problem=" ".join(error.messages), status=400)
        return self.show(request, job=job, renewed=True)

    def show(self, request, status=200, **context):
        context["days"] = settings.JOB_LIFETIME_DAYS
        return render(request, self.template_name, context, status=status)


class EmailSettingsView(UpdateView):
    """The signed-in employer's own settings (made on first visit, both kinds on)."""

    model = EmployerEmailSettings
    fields = ["job_reviews", "job_ending"]
    template_name = "jobs/employer_email_settings.html"

    def get_object(self, queryset=None):
        return EmployerEmailSettings.objects.get_or_create(user=self.request.user)[0]

    def form_valid(self, form):
        messages.success(self.request, "Your email settings are saved.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("jobs:email_settings")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **admin.site.each_context(self.request), title="Email settings", **kwargs
        )
