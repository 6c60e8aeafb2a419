"""The demo's job alert: a job seeker who wants remote jobs, confirmed a week ago, so the first
`manage.py send_job_alerts` has the week's remote demo jobs to send (`make run` prints mail to the
console)."""

ALERT = {
    "email": "seeker@example.com",
    "query": "remote=remote",
    "frequency": "daily",
    "confirmed_days_ago": 7,
}
