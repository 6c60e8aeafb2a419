from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from jobs.onboarding import employer_onboard


class Command(BaseCommand):
    help = (
        "Onboard an employer: a staff account in the Employers group, a member of the company "
        "(created if new). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--company", required=True, help="The company's name.")

    def handle(self, *args, username, email, company, **options):
        username, email, company = username.strip(), email.strip(), company.strip()
        if not username or not company:
            raise CommandError("Give a non-empty --username and --company.")
        try:
            validate_email(email)
            done = employer_onboard(username=username, email=email, company_name=company)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user, company = done.user, done.company
        self.stdout.write(
            f"{'Created' if done.user_created else 'Found'} user {user.get_username()} "
            f"({user.email}), in the Employers group."
        )
        self.stdout.write(f"{'Created' if done.company_created else 'Found'} company {company}.")
        if done.membership_created:
            self.stdout.write(f"{user.get_username()} now manages {company}'s jobs.")
        else:
            self.stdout.write(f"{user.get_username()} already managed {company}'s jobs.")
        if not user.has_usable_password():
            self.stdout.write(
                self.style.WARNING(
                    "The account has no password yet. Set one (or let the employer type it) with:\n"
                    f"  python manage.py changepassword {user.get_username()}\n"
                    "then the employer logs in at /admin/."
                )
            )
