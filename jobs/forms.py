"""The forms of the back office: a job as employers and moderators fill it in, a company's
members, and what the review actions ask for."""

from django import forms
from django.contrib.auth import get_user_model

from jobs import services
from jobs.models import SALARY_FIELDS, CompanyMembership
from salaries.choices import ReviewState


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


class JobForm(forms.ModelForm):
    salary_is_correct = forms.BooleanField(
        label="This salary is correct",
        required=False,
        help_text="Tick it when the rules question a salary that is right; a moderator checks "
        "the salary before job seekers see it.",
    )

    def _post_clean(self):
        # After the model's own validation, which is where the salary rules judge the figures.
        super()._post_clean()
        if "salary_is_correct" not in self.fields or self.errors:
            return
        if self.cleaned_data.get("salary_is_correct"):
            return
        if not set(SALARY_FIELDS) & set(self.changed_data):
            return  # an unchanged salary keeps the verdict it has
        if self.instance.salary_review == ReviewState.NEEDS_REVIEW:
            self.add_error("salary_is_correct", services.unconfirmed_salary_error(self.instance))


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
