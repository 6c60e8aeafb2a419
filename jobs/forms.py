"""The forms of the back office: a job as employers and moderators fill it in, a company's
members, and what the review actions ask for."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from jobs import services
from jobs.models import CompanyMembership, Job
from salaries.validation import normalise_currency


class MembershipForm(forms.ModelForm):
    """Moderators name the employer by username: they have no access to the user list."""

    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput,
        help_text="The employer's username (`manage.py create_employer` makes new accounts).",
        error_messages={"invalid_choice": "No active user has this username."},
    )

    class Meta:
        model = CompanyMembership
        fields = ["user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["user"] = self.instance.user.get_username()


class CurrencyField(forms.CharField):
    """A currency code as the rules read it, so that retyping "USD" as "usd" changes nothing."""

    def to_python(self, value):
        return normalise_currency(super().to_python(value))


class JobForm(forms.ModelForm):
    """A job as the admin shows it; the admin sets `by`, the person filling it in."""

    salary_is_correct = forms.BooleanField(
        label="This salary is correct",
        required=False,
        help_text="Tick it when the rules question a salary that is right; a moderator checks "
        "the salary before job seekers see it.",
    )
    by = None

    class Meta:
        field_classes = {"salary_currency": CurrencyField}

    def _post_clean(self):
        super()._post_clean()  # the model's own rules, on the instance the form has built
        judged_on = Job.salary.judged_on
        if judged_on & set(self.errors) or not services.salary_is_new(
            self.instance, self.changed_data
        ):
            return  # figures the form refused itself, or a salary that keeps its verdict
        try:
            services.job_salary_judge(
                job=self.instance,
                by=self.by,
                salary_confirmed=self.cleaned_data.get("salary_is_correct", False),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "salary_unconfirmed":
                self.add_error("salary_is_correct", error)
            else:
                self._update_errors(error)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason, shown to the employer",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text="Say what to change, e.g. “Give a salary range for this role.”",
    )


class FeatureForm(forms.Form):
    days = forms.IntegerField(
        label="Feature for (days)",
        min_value=1,
        max_value=services.FEATURE_DAYS_MAX,
        initial=services.FEATURE_DAYS_DEFAULT,
    )
