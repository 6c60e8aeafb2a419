from django import template

from salaries.charts import box_chart, box_chart_html, trend_chart_html
from salaries.compare import compare_url as build_compare_url
from salaries.formatting import (
    format_median_ci,
    format_salary,
    format_usd,
    format_usd_exact,
    thousands,
)

register = template.Library()

register.filter("salary", format_salary)
register.filter("usd", format_usd)
register.filter("usd_exact", format_usd_exact)
register.filter("median_ci", format_median_ci)
register.filter("k", thousands)


@register.simple_tag
def compare_url(*roles, filters=None):
    """The comparison page of these roles (each a role or a list of them; the first four), under
    these filters."""
    flat = [item for role in roles for item in (role if isinstance(role, list) else [role])]
    return build_compare_url(flat, filters)


@register.simple_tag
def salary_trend(insight):
    return trend_chart_html(insight.trend())


@register.simple_tag
def salary_chart(groups, link=""):
    """link: each group's label links to link + its code (a role's figures in one country)."""
    return box_chart_html(box_chart(groups), link=link)


@register.simple_tag
def drawn_chart(chart):
    """A chart already worked out (the position page's, with its offer marked)."""
    return box_chart_html(chart)
