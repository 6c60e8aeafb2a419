from django import template
from django.conf import settings

from salaries.charts import box_chart
from salaries.formatting import format_salary, format_usd, format_usd_exact

register = template.Library()

register.filter("salary", format_salary)
register.filter("usd", format_usd)
register.filter("usd_exact", format_usd_exact)


@register.inclusion_tag("salaries/includes/_box_chart.html")
def salary_chart(groups):
    return {
        "chart": box_chart(groups),
        "min_points": settings.SALARY_MIN_POINTS,
    }
