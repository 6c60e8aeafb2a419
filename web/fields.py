from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from web.validators import no_control_characters_but_line_breaks


def user_stamp() -> models.ForeignKey:
    """Who did something (created a job, reviewed it): set by the code, never typed in a form,
    emptied if the account is deleted, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class MarkdownField(models.TextField):
    """Markdown typed in a text area, at most as long as a setting allows: the form states the
    limit and refuses a longer text with a form error, and full_clean refuses it for every other
    writer. Rendering is linear in the text, but a limit keeps one save from taking seconds."""

    def __init__(self, *args, max_length_setting: str, **kwargs):
        self.max_length_setting = max_length_setting
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "max_length_setting": self.max_length_setting}

    @property
    def limit(self) -> int:
        return getattr(settings, self.max_length_setting)

    @property
    def validators(self):
        # Read at each check, not at import, so the setting can change without a migration.
        return [
            *super().validators,
            no_control_characters_but_line_breaks,
            MaxLengthValidator(self.limit),
        ]

    def formfield(self, **kwargs):
        help_text = f"{self.help_text} At most {self.limit:,} characters.".strip()
        return super().formfield(**{"max_length": self.limit, "help_text": help_text, **kwargs})
