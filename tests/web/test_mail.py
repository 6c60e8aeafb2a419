from django.core import mail

from web.mail import absolute_url, build_email, one_line


def test_links_in_emails_reach_the_site_from_outside(settings):
    settings.SITE_URL = "https://jobs.example.com"
    assert absolute_url("/jobs/?q=x") == "https://jobs.example.com/jobs/?q=x"


def test_a_subject_is_one_line_of_reasonable_length():
    assert one_line("New jobs:\r\n  python\tremote\x1b\x00") == "New jobs: python remote"
    long = one_line("word " * 100, limit=20)
    assert len(long) == 20 and long.endswith("…")


def test_an_email_has_text_and_html_from_one_pair_of_templates(settings):
    settings.DEFAULT_FROM_EMAIL = "Jobboard <jobs@example.com>"
    message = build_email(
        to="ada@example.com",
        subject="Your job alerts\nBcc: victim@example.com",
        template="alerts/email/manage_link",
        context={"count": 2, "manage_url": "https://jobs.example.com/alerts/manage/t/"},
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.send()
    [sent] = mail.outbox
    assert sent.subject == "Your job alerts Bcc: victim@example.com"
    assert sent.from_email == "Jobboard <jobs@example.com>"
    assert "https://jobs.example.com/alerts/manage/t/" in sent.body
    html, kind = sent.alternatives[0]
    assert kind == "text/html" and 'href="https://jobs.example.com/alerts/manage/t/"' in html
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sent.recipients() == ["ada@example.com"]
