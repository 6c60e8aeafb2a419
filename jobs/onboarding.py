"""Giving a person an employer's account: one step for an operator (`manage.py create_employer`)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from jobs.models import Company, CompanyMembership
from jobs.staff import EMPLOYERS_GROUP


@dataclass(frozen=True)
class Onboarding:
    user: object
    company: Company
    user_created: bool
    company_created: bool
    membership_created: bool


@transaction.atomic
def employer_onboard(*, username: str, email: str, company_name: str) -> Onboarding:
    """Give a person an employer's staff account at a company: the group, the membership, and
    the company itself when it is new. The account has no password until one is set."""
    User = get_user_model()
    try:
        group = Group.objects.get(name=EMPLOYERS_GROUP)
    except Group.DoesNotExist:
        raise ValidationError(
            "The Employers group does not exist yet: run `manage.py migrate` first.",
            code="no_employers_group",
        ) from None
    company_name = company_name.strip()
    matches = list(Company.objects.filter(name__iexact=company_name)[:2])
    if len(matches) > 1:
        raise ValidationError(
            "More than one company is called “%(name)s”; give a membership in the admin instead.",
            code="ambiguous_company",
            params={"name": company_name},
        )
    company_created = not matches
    if company_created:
        company = Company(name=company_name)
        company.full_clean(exclude=["slug"])
        company.save()
    else:
        company = matches[0]
    user = User.objects.select_for_update().filter(username=username).first()
    user_created = user is None
    if user_created:
        user = User(username=username, email=email, is_staff=True)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    else:
        if email and user.email.lower() != email.lower():
            raise ValidationError(
                "User “%(username)s” exists with another email address (%(email)s).",
                code="email_mismatch",
                params={"username": username, "email": user.email},
            )
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    user.groups.add(group)
    _, membership_created = CompanyMembership.objects.get_or_create(user=user, company=company)
    return Onboarding(user, company, user_created, company_created, membership_created)
