"""Staff pages given input no field accepts: a NUL byte in a list filter, a word where an id goes.

Issue 19: an authenticated wapiti run found 101 answers 500 (`?status__exact=%00` on PostgreSQL,
`company=abc` in a job form). Each is now a 400 with a message (jobboard/admin.py), or the
form's own error; never a 500. Every registered model's changelist, add form and action is asked,
so a new model is covered too.
"""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    ConfirmedAlertFactory,
    ExchangeRateFactory,
    PublishedJobFactory,
    SalaryRecordFactory,
)

pytestmark = pytest.mark.django_db

UNREADABLE = b"a value the page cannot read"
NOT_AN_ID = ["abc", "\x00", "1.5", "-", "99999999999999999999999"]


@pytest.fixture
def rows():
    """One row of every kind, so each changelist has filters to offer and rows to show."""
    PublishedJobFactory()
    ArticleFactory()
    SalaryRecordFactory()
    ExchangeRateFactory()
    ConfirmedAlertFactory()


def changelists():
    for model in admin.site._registry:
        yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def filter_parameters(model_admin) -> list[str]:
    names = ["status", "q", "o", "p"]
    for list_filter in model_admin.list_filter:
        name = list_filter[0] if isinstance(list_filter, tuple | list) else list_filter
        if isinstance(name, str):
            names += [f"{name}__exact", f"{name}__id__exact", f"{name}__isnull"]
    return names


def test_a_nul_byte_in_any_list_filter_is_a_400_with_a_message(admin_client, rows):
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name in filter_parameters(model_admin):
            response = admin_client.get(url, {name: "\x00"})
            assert response.status_code == 400, (url, name)
            assert b"NUL character" in response.content


def test_a_word_where_a_filter_wants_an_id_is_never_a_500(admin_client, rows):
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name in filter_parameters(model_admin):
            for value in (NOT_AN_ID[0], NOT_AN_ID[-1]):
                response = admin_client.get(url, {name: value})
                # 302: Django's own "?e=1" for a filter it knows is wrong.
                assert response.status_code in (200, 302, 400), (url, name, value)
                if response.status_code == 400:
                    assert UNREADABLE in response.content


def related_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.ManyToManyField) and field.editable
    ]


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_a_word_where_a_form_wants_an_id_is_the_forms_error(admin_client, rows, value):
    """The autocomplete widgets (a job's company and role, an article's roles) looked the
    submitted value up to show it again, and `int("abc")` raised."""
    for model in admin.site._registry:
        fields = related_fields(model)
        if not fields:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        count = model._default_manager.count()
        response = admin_client.post(url, {name: value for name in fields})
        if "\x00" in value:
            assert response.status_code == 400, url
            assert b"NUL character" in response.content
        else:
            assert response.status_code in (200, 400, 403), url  # 403: nobody adds these
            if response.status_code == 400:
                assert UNREADABLE in response.content
        assert model._default_manager.count() == count


def test_an_action_on_ids_that_are_no_ids_is_never_a_500(admin_client, rows):
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client.post(
            url, {"action": "delete_selected", "_selected_action": ["abc", "1.5"]}
        )
        assert response.status_code == 400, url
        assert UNREADABLE in response.content
