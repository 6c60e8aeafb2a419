from django import forms

from alerts.models import Frequency, LeavingReason
from alerts.search import canonical_query

COMMENT_LENGTH = 1000


EMAIL = forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"})


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=254, widget=EMAIL)
    frequency = forms.ChoiceField(
        label="How often", choices=Frequency.choices, initial=Frequency.DAILY
    )
    # The /jobs/ query string; checked, and spelled canonically, by the same JobFilter as /jobs/.
    query = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)

    def clean_query(self):
        return canonical_query(self.cleaned_data.get("query", ""))


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices)


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you leaving? (optional)",
        choices=[("", "I would rather not say"), *LeavingReason.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything else? (optional)",
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ManageLinkForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=254, widget=EMAIL)
