"""What the API shows of each object: what its public page shows, field by field, and no more.

No review state, no employer or moderator, no figure held for review: a job's salary is its
`public_salary` (none while a moderator has yet to confirm it), its company's website only a web
address, its description the sanitised HTML the page prints. tests/api/test_fields.py holds every
field against the page.
"""

from dataclasses import dataclass

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from jobs.models import Company, Job, RemotePolicy
from salaries.choices import EmploymentType, ExperienceLevel, PayPeriod
from salaries.formatting import format_salary
from salaries.models import Role
from salaries.stats import Summary
from web.countries import country_names


class Output:
    """Every field is output only, so the schema marks each as always present."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's public page, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **{"source": "*", **kwargs})

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


class OptionalChoiceField(serializers.ChoiceField):
    """A code that may be unset: null rather than an empty string."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) or None


class NamedSerializer(Output, serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()


class CountrySerializer(Output, serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2, e.g. DE.")
    name = serializers.CharField()


class SalarySerializer(Output, serializers.Serializer):
    minimum = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    maximum = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    currency = serializers.CharField(help_text="ISO 4217, e.g. USD.")
    period = serializers.ChoiceField(choices=PayPeriod.choices)
    text = serializers.SerializerMethodField(help_text="As the pages print it: “USD 120K - 160K”.")

    def get_text(self, salary) -> str:
        return format_salary(salary)


class CompanyProfileSerializer(Output, serializers.ModelSerializer):
    website = serializers.CharField(
        source="website_href", help_text="A web address, or empty when the company gave none."
    )

    class Meta:
        model = Company
        fields = ["name", "slug", "description", "website"]


class CompanySerializer(CompanyProfileSerializer):
    open_jobs = serializers.IntegerField(help_text="Jobs of this company on the board now.")

    class Meta(CompanyProfileSerializer.Meta):
        fields = [*CompanyProfileSerializer.Meta.fields, "open_jobs"]


class JobSerializer(Output, serializers.ModelSerializer):
    url = PageUrlField()
    company = NamedSerializer()
    role = NamedSerializer(allow_null=True, help_text="The salary role the job counts towards.")
    country = serializers.SerializerMethodField()
    remote = serializers.ChoiceField(source="remote_policy", choices=RemotePolicy.choices)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    experience_level = OptionalChoiceField(choices=ExperienceLevel.choices)
    salary = SalarySerializer(
        source="public_salary",
        allow_null=True,
        help_text="None when the job states none, or while a moderator checks it.",
    )
    tags = NamedSerializer(many=True)
    featured = serializers.BooleanField(source="is_featured")

    class Meta:
        model = Job
        fields = [
            "slug",
            "title",
            "url",
            "company",
            "role",
            "location",
            "country",
            "remote",
            "employment_type",
            "experience_level",
            "salary",
            "tags",
            "featured",
            "published_at",
        ]

    @extend_schema_field(CountrySerializer(allow_null=True))
    def get_country(self, job):
        if not job.country:
            return None
        return {"code": job.country.code, "name": country_names().get(job.country.code, "")}


class JobDetailSerializer(JobSerializer):
    company = CompanyProfileSerializer()
    apply_url = serializers.CharField(
        source="apply_href", help_text="A web address or a mailto: link; empty when neither."
    )
    description_html = serializers.CharField(
        help_text="The description as the job page prints it: Markdown rendered, then sanitised."
    )

    class Meta(JobSerializer.Meta):
        fields = [*JobSerializer.Meta.fields, "expires_at", "apply_url", "description_html"]


class SummarySerializer(Output, serializers.Serializer):
    """Percentiles of yearly USD; every figure is null below the minimum number of points."""

    n = serializers.IntegerField(help_text="Data points.")
    p10 = serializers.IntegerField(allow_null=True)
    p25 = serializers.IntegerField(allow_null=True)
    median = serializers.IntegerField(allow_null=True)
    p75 = serializers.IntegerField(allow_null=True)
    p90 = serializers.IntegerField(allow_null=True)
    median_ci = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        max_length=2,
        allow_null=True,
        help_text="The median's 95% confidence interval, [low, high] (order statistics, no "
        "distribution assumed); null when the points are too few for one.",
    )


class TrendPointSerializer(Output, serializers.Serializer):
    year = serializers.IntegerField()
    n = serializers.IntegerField(help_text="Data points that year.")
    p25 = serializers.IntegerField()
    median = serializers.IntegerField()
    p75 = serializers.IntegerField()


@dataclass(frozen=True)
class RoleFigures:
    role: Role
    summary: Summary


class RoleSerializer(Output, serializers.Serializer):
    name = serializers.CharField(source="role.name")
    slug = serializers.SlugField(source="role.slug")
    url = PageUrlField(source="role")
    n = serializers.IntegerField(source="summary.n", help_text="Data points.")
    p10 = serializers.IntegerField(source="summary.p10")
    p25 = serializers.IntegerField(source="summary.p25")
    median = serializers.IntegerField(source="summary.median")
    p75 = serializers.IntegerField(source="summary.p75")
    p90 = serializers.IntegerField(source="summary.p90")


class RoleFiltersSerializer(serializers.Serializer):  # only the filters in use
    experience_level = serializers.ChoiceField(choices=ExperienceLevel.choices, required=False)
    country = serializers.CharField(required=False)
    year = serializers.CharField(required=False)


class RoleHeadingSerializer(Output, serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.URLField()
    currency = serializers.CharField()
    period = serializers.CharField()
    filters = RoleFiltersSerializer(help_text="The filters these figures were narrowed by.")


class RoleDetailSerializer(RoleHeadingSerializer, SummarySerializer):
    """The figures of /salaries/<role>/ and /salaries/<role>.json, from the same cache."""

    trend = TrendPointSerializer(
        many=True, help_text="p25, median and p75 per year, oldest first: years with a figure."
    )
    by_experience_level = serializers.DictField(child=SummarySerializer())
    by_country = serializers.DictField(child=SummarySerializer())
    by_year = serializers.DictField(child=SummarySerializer())
    by_employment_type = serializers.DictField(child=SummarySerializer())


class ArticleSerializer(Output, serializers.ModelSerializer):
    url = PageUrlField()
    author = serializers.CharField(source="author_name")
    reading_minutes = serializers.IntegerField(help_text="At 200 words a minute.")

    class Meta:
        model = Article
        fields = ["slug", "title", "url", "summary", "author", "published_at", "reading_minutes"]


class ContentsEntrySerializer(Output, serializers.Serializer):
    anchor = serializers.CharField(help_text="The heading's id in `body_html`.")
    title = serializers.CharField()


class ContentsSerializer(ContentsEntrySerializer):
    children = ContentsEntrySerializer(many=True, help_text="The h3 headings under this h2.")


class ArticleDetailSerializer(ArticleSerializer):
    contents = ContentsSerializer(many=True, help_text="The table of contents.")
    body_html = serializers.CharField(
        help_text="The body as the article page prints it: Markdown rendered, then sanitised."
    )
    tags = NamedSerializer(many=True, help_text="Topics.")
    roles = NamedSerializer(many=True, help_text="Salary roles the article is about.")

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "updated_at",
            "contents",
            "body_html",
            "tags",
            "roles",
        ]


class PositionScopeSerializer(Output, serializers.Serializer):
    country = serializers.CharField(allow_null=True, help_text="ISO code; null: every country.")
    experience_level = serializers.ChoiceField(
        choices=ExperienceLevel.choices, allow_null=True, help_text="Null: every level."
    )


class PositionSerializer(Output, serializers.Serializer):
    """salaries.position.Position.as_dict(): the answer of /salaries/<role>/position.json."""

    role = serializers.CharField(help_text="The role's name.")
    amount_usd_year = serializers.IntegerField(help_text="The amount in US dollars a year.")
    percentile = serializers.IntegerField(
        allow_null=True,
        help_text="The share of the peer set's salaries strictly below the amount, whole percent "
        "rounded down; null when the role has too few salaries (see `reason`).",
    )
    n = serializers.IntegerField(help_text="Salaries in the peer set.")
    scope = PositionScopeSerializer(help_text="The peer set the amount was placed in.")
    reason = serializers.CharField(allow_null=True, help_text="Why there is no figure, or null.")
