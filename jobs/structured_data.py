"""schema.org JobPosting for a job page, as Google for Jobs reads it."""

from django.utils.safestring import SafeString

from jobs.models import Company, Job, RemotePolicy
from salaries.choices import EmploymentType, PayPeriod
from web.json_script import json_for_script

GOOGLE_EMPLOYMENT_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.CONTRACT: "CONTRACTOR",
    EmploymentType.FREELANCE: "CONTRACTOR",
    EmploymentType.INTERNSHIP: "INTERN",
}
UNIT_TEXT = {
    PayPeriod.HOUR: "HOUR",
    PayPeriod.DAY: "DAY",
    PayPeriod.WEEK: "WEEK",
    PayPeriod.MONTH: "MONTH",
    PayPeriod.YEAR: "YEAR",
}


def job_posting_data(job: Job, request) -> dict:
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description_html,
        "identifier": {"@type": "PropertyValue", "name": job.company.name, "value": job.slug},
        "datePosted": job.published_at.isoformat(),
        "validThrough": job.expires_at.isoformat(),
        "employmentType": GOOGLE_EMPLOYMENT_TYPES[job.employment_type],
        "hiringOrganization": {"@type": "Organization", "name": job.company.name},
        "url": request.build_absolute_uri(job.get_absolute_url()),
        "directApply": False,
    }
    if job.company.website_href:
        data["hiringOrganization"]["sameAs"] = job.company.website_href
    address = {"@type": "PostalAddress"}
    if job.location:
        address["addressLocality"] = job.location
    if job.country:
        address["addressCountry"] = job.country.code
    if job.remote_policy == RemotePolicy.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        # Without it Google reads "anywhere"; with it, only applicants in that country.
        if job.country:
            data["applicantLocationRequirements"] = {
                "@type": "Country",
                "name": job.country.code,
            }
    else:
        data["jobLocation"] = {"@type": "Place", "address": address}
    salary = job.public_salary
    if salary is not None:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": salary.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": float(salary.minimum),
                "maxValue": float(salary.maximum),
                "unitText": UNIT_TEXT[salary.period],
            },
        }
    return data


def job_posting(job: Job, request) -> SafeString:
    """The JSON text, safe to place between <script type="application/ld+json"> tags."""
    return json_for_script(job_posting_data(job, request))


def organization(company: Company, request) -> SafeString:
    """schema.org Organization for a company page, ready for a <script> element."""
    data = {
        "@context": "https://schema.org/",
        "@type": "Organization",
        "name": company.name,
        "url": request.build_absolute_uri(company.get_absolute_url()),
    }
    if company.description:
        data["description"] = company.description
    if company.website_href:
        data["sameAs"] = company.website_href
    return json_for_script(data)
