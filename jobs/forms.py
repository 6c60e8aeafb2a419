"""The forms of the back office: a job as employers and moderators fill it in, a company's
members, and what the review actions ask for."""

from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from jobs import services
from jobs.models import CompanyMembership, Job
from salaries.validation import AMOUNT, amount_text, normalise_currency, parse_amount


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


class AmountField(forms.DecimalField):
    """A salary amount as people write it: "120000", "120,000" or "120K" (the importer reads
    the same, salaries.validation.parse_amount); shown as "120,000", never "120000.00"."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("size", 12)

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, Decimal):
            return super().to_python(value)
        amount = parse_amount(str(value))
        if amount is None and AMOUNT.match(str(value)):
            raise ValidationError("This amount is too large.", code="max_value")
        if amount is None:
            raise ValidationError(
                "Enter an amount such as 120000, 120,000 or 120K (K for thousands).",
                code="invalid",
            )
        return amount

    def prepare_value(self, value):
        return amount_text(value) if isinstance(value, Decimal) else value

    def widget_attrs(self, widget):
        # A text box: a number box would drop the "K" that people type.
        return {}


class SavedLinkWidget(AdminURLFieldWidget):
    """The admin's link box, whose "Currently: <link>" names only the link that is saved, not
    one typed into a form that was refused (`saved` is set by SavedLinksForm)."""

    saved = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["url_valid"] = context["url_valid"] and bool(self.saved) and value == self.saved
        return context


class SavedLinksForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, SavedLinkWidget):
                field.widget.saved = getattr(self.instance, name, "") if self.instance.pk else ""


class JobForm(SavedLinksForm):
    """A job as the admin shows it; the admin sets `by`, the person filling it in."""

    salary_is_correct = forms.BooleanField(
        label="This salary is correct",
        required=False,
        help_text="Tick it when the rules question a salary that is right; a moderator checks "
        "the salary before job seekers see it.",
    )
    by = None

    class Meta:
        field_classes = {
            "salary_currency": CurrencyField,
            "salary_min": AmountField,
            "salary_max": AmountField,
        }

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


class ConfirmForm(forms.Form):
    """An action that asks nothing but "are you sure?": its page's button is the answer."""
