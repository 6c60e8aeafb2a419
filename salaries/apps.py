from django.apps import AppConfig


class SalariesConfig(AppConfig):
    name = "salaries"
    verbose_name = "Salaries"

    def ready(self):
        from salaries import cache  # noqa: F401 (connects the statistics' change signals)
