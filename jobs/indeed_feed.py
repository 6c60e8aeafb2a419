"""/jobs/feed/indeed.xml: every job of a search in the XML job aggregators read (Indeed's format),
with the parameters of /jobs/ (the same FilterSet as the list and its RSS and Atom feeds).

Read from the database at each request and never cached, so a job leaves the feed the second it
ends. Streamed job by job: the whole board can be one document without being held in memory.
"""

import io

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.feedgenerator import rfc2822_date

from jobs.feeds import search_of, unusable_search
from jobs.models import Job, RemotePolicy
from salaries.choices import EmploymentType
from salaries.formatting import format_salary
from web.feeds import XmlSafeGenerator

PUBLISHER = "Jobboard"
JOB_TYPES = {
    EmploymentType.FULL_TIME: "fulltime",
    EmploymentType.PART_TIME: "parttime",
    EmploymentType.CONTRACT: "contract",
    EmploymentType.FREELANCE: "contract",
    EmploymentType.INTERNSHIP: "internship",
}
REMOTE_TYPES = {RemotePolicy.REMOTE: "Fully remote", RemotePolicy.HYBRID: "Hybrid remote"}
CHUNK = 500  # jobs read from the database at a time


def city_and_state(location: str) -> tuple[str, str]:
    """ "Galveston, TX" -> ("Galveston", "TX"): the location's first part is the city, the rest
    the state or region; a location without a comma is a city alone."""
    city, _, state = location.partition(",")
    return city.strip(), state.strip()


def job_elements(job: Job, request) -> list[tuple[str, str]]:
    """The elements of one <job>, in the order of Indeed's sample; those we do not know left out."""
    city, state = city_and_state(job.location)
    elements = [
        ("title", job.title),
        ("date", rfc2822_date(job.published_at)),
        ("referencenumber", job.slug),
        ("url", request.build_absolute_uri(job.get_absolute_url())),
        ("company", job.company.name),
        ("city", city),
        ("state", state),
        ("country", job.country.code),
        ("description", job.description_html),
        ("salary", format_salary(job.public_salary)),
        ("jobtype", JOB_TYPES[job.employment_type]),
        ("category", job.role.name if job.role else ""),
        ("experience", job.get_experience_level_display()),
        ("remotetype", REMOTE_TYPES.get(job.remote_policy, "")),
    ]
    return [(name, value) for name, value in elements if value]


def _drained(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _document(request, jobs):
    buffer = io.StringIO()
    # Drops what XML cannot hold (web/feeds.py): one bad company name must not end the stream.
    xml = XmlSafeGenerator(buffer, "utf-8")
    xml.startDocument()
    xml.startElement("source", {})
    xml.addQuickElement("publisher", PUBLISHER)
    xml.addQuickElement("publisherurl", request.build_absolute_uri("/"))
    xml.addQuickElement("lastBuildDate", rfc2822_date(timezone.now()))
    for job in jobs.iterator(chunk_size=CHUNK):
        xml.startElement("job", {})
        for name, value in job_elements(job, request):
            xml.addQuickElement(name, value)
        xml.endElement("job")
        yield _drained(buffer)
    xml.endElement("source")
    xml.endDocument()
    yield _drained(buffer)


def indeed_feed(request):
    search = search_of(request)
    if not search.is_valid():
        return unusable_search(search)
    # Newest first, as every feed, whatever order the page was sorted in.
    jobs = search.qs.newest_first()
    return StreamingHttpResponse(
        _document(request, jobs), content_type="application/xml; charset=utf-8"
    )
