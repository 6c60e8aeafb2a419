"""Articles for the demo, written for Jobboard (original text, free to reuse with the project)."""

from datetime import UTC, datetime

ARTICLES = [
    {
        "slug": "what-data-engineers-earn-and-what-moves-the-number",
        "title": "What data engineers earn, and what moves the number",
        "summary": (
            "Data engineering pay varies a lot. Here is how experience, country and "
            "employment type shift the figures, and how to read the median and the "
            "middle half on our salary page."
        ),
        "author_name": "Mara Lindqvist",
        "published_at": datetime(2023, 12, 6, 9, 0, tzinfo=UTC),
        "roles": ["Data Engineer"],
        "tags": ["salaries", "data engineering"],
        "body": """\
Ask ten data engineers what they earn and you will hear ten different answers. That is
not noise: a handful of factors explain most of the spread. This article walks through
them. The live figures, updated as new salaries arrive, are on the salary page for
each role; here we focus on the patterns behind them.

## Two numbers worth knowing

Every salary summary on Jobboard leads with the **median**: line up all the salaries
for a role from lowest to highest, and the median is the one in the middle. Half of the
people earn less, half earn more. A few very large pay packages cannot drag it upward,
which is why we prefer it to the average.

Next to it you will find the **middle half**, the range from the 25th to the 75th
percentile (p25 to p75). A quarter of the salaries sit below that range and a quarter
above it. If an offer lands inside the middle half, it is ordinary for the role; below
p25, it is worth asking why.

## Experience level

Seniority moves the number more than anything else. Entry-level data engineers earn
markedly less than mid-level ones, and senior engineers earn markedly more again. The
jump from mid-level to senior is often the biggest single step, because senior roles
carry ownership of pipelines, on-call duty and design decisions that affect whole teams.

Beyond senior, titles such as staff, principal or lead become rarer, so the figures for
them rest on fewer data points and the range between p25 and p75 tends to be wider.

## Country and the employer's location

Where the employer is based matters nearly as much as experience. In the survey,
employers based in the United States pay more than those in most other countries, and
a few other high-cost markets follow at some distance. Salaries in many countries are
lower in US dollar terms, even when they are competitive locally.

Keep two things in mind when comparing:

- Figures are converted to US dollars, so exchange rates shift them from year to year.
- A remote role with a foreign employer may pay on a different scale from local jobs.

## Employment type

Full-time employees make up most of the data, and their figures are the most reliable.
Contractors and freelancers often quote higher yearly equivalents, but those rarely
include paid leave, pensions or health cover, and work may not last the full year.
Part-time figures are usually small samples, so read them with care.

## Putting it together

Start from the median for your experience level and the employer's country, then check
where an offer sits within the middle half. A single factor rarely tells the whole
story; the combination does. When a filter leaves too few salaries, the page says
"not enough data" rather than guessing, and that is a hint to widen your search.
""",
    },
    {
        "slug": "how-we-catch-a-usd-1111111k-salary",
        "title": "How we catch a USD 1111111K salary",
        "summary": (
            "A job board once showed a featured job paying over a billion dollars a year. "
            "Here are the checks Jobboard runs so that typos never reach listings or "
            "salary statistics."
        ),
        "author_name": "Tomás Ferreira",
        "published_at": datetime(2023, 11, 20, 9, 0, tzinfo=UTC),
        "roles": ["Data Scientist", "Machine Learning Engineer"],
        "tags": ["salaries", "data quality", "moderation"],
        "body": """\
Some time ago we noticed a featured job on a real job board with the salary
"USD 1111111K - 1111111K". Read literally, that is more than a billion dollars a year.
Somebody had leaned on a key, the form accepted it, and the job sat at the top of the
page for everyone to see. Nobody was harmed, but a single typo like that can also
poison salary statistics for a whole role. Jobboard was built so that it cannot happen.

## Everything becomes a yearly figure

Before checking anything, we convert every salary to yearly US dollars. Employers can
state pay per hour, day, week, month or year, so we use fixed multipliers:

| Period | Multiplier |
|--------|-----------:|
| Hour   | 2080       |
| Day    | 260        |
| Week   | 52         |
| Month  | 12         |

Once every figure is on the same scale, the same rules apply to all of them.

## Refused outright

Some salaries are simply impossible. Anything above **5,000,000 USD a year** or below
**1,000 USD a year** is refused when the form is submitted. The message tries to be
useful rather than scolding, for example:

- "125 USD a year: did you mean 125,000?"
- "120,000 USD an hour: did you mean a yearly salary?"

Most mistakes are a missing "K" or the wrong pay period, and a hint fixes them in
seconds.

## Held for a moderator

Other salaries are possible but unusual. These are accepted and held for a moderator
when:

- the yearly figure is below **15,000 USD**, roughly a US full-time year at the
  federal minimum wage, or above **1,000,000 USD**;
- the maximum of a range is more than **3 times** the minimum;
- a figure looks as if it was typed for another pay period, such as a yearly-sized
  number entered as monthly;
- the salary is an outlier for its role.

### How we spot an outlier

Salaries are skewed, so we work with the logarithm of the yearly figure and measure
distance from the role's median in units of the median absolute deviation. This robust
modified z-score is not fooled by the very outliers it hunts. A score beyond **3.5**
flags the salary, but only once the role has 30 accepted data points; with fewer, the
yardstick itself would be unreliable.

## Hidden until confirmed

A flagged salary does not appear in job listings or in salary statistics until a
moderator confirms it. If it turns out to be real, it joins the data; if not, the
employer is asked to correct it. The cost is a short delay for a few honest but unusual
salaries, and in return every number you see has passed at least one sanity check.
""",
    },
    {
        "slug": "reading-salary-statistics-without-fooling-yourself",
        "title": "Reading salary statistics without fooling yourself",
        "summary": (
            "Percentiles, medians, sample sizes and where the data comes from: a short "
            "guide to reading salary figures on Jobboard without drawing the wrong "
            "conclusions."
        ),
        "author_name": "Priya Raman",
        "published_at": datetime(2023, 10, 12, 9, 0, tzinfo=UTC),
        "roles": ["Data Analyst", "Data Scientist"],
        "tags": ["salaries", "statistics"],
        "body": """\
Salary figures look precise, and that is exactly what makes them easy to misread. A
single number on a page hides how many people it came from, how they were chosen and
how widely their pay varies. Here is how to read the statistics on Jobboard with the
right amount of trust.

## Percentiles in plain words

We describe each role with five percentiles. Imagine everyone's salary sorted from
lowest to highest:

- **p10**: one in ten earns less than this.
- **p25**: a quarter earn less.
- **Median (p50)**: the middle; half earn less, half earn more.
- **p75**: three quarters earn less.
- **p90**: only one in ten earns more.

The range from p25 to p75 is the middle half, a good picture of ordinary pay for the
role. The tails, p10 and p90, show how far things stretch at either end.

## Why the median beats the average

Pay is lopsided. Most people cluster in a band, and a few earn far more. Add one
executive package to a small group and the average jumps, although nobody else's
salary changed. The median barely moves. For that reason we lead with the median and
do not publish an average at all.

## Small samples mislead

Five salaries can tell a very different story from five hundred. With few data points,
one unusual entry can shift the median a long way, and percentiles like p10 and p90
become guesses. That is why Jobboard never shows a figure computed from **fewer than
5 data points**; you will see "not enough data" instead. Even above that threshold,
treat figures built on a few dozen points as rough, and check the count shown next
to them before comparing two roles.

## Ranges count once

Many job ads give a range rather than a single number. We count each posted range
**once, at its midpoint**, so an ad saying 90,000 to 110,000 contributes 100,000. This
stops a single ad from counting twice, and it stops wide ranges from stretching the
tails. It also means a posting with an honest, narrow range carries the same weight as
one with a vague, wide range.

## Survey answers and job ads are different

Our data comes from two sources, and they measure different things:

| Source       | What it tells you                         |
|--------------|-------------------------------------------|
| Survey       | What people say they are actually paid    |
| Job ads      | What employers offer to new hires         |

Survey answers include long-serving staff and raises over the years. Job ads reflect
the current market for someone joining now. When the two disagree, neither is wrong:
they answer different questions. Check which source a figure comes from before you
take it into a negotiation.
""",
    },
    {
        "slug": "remote-hybrid-or-on-site-questions-to-ask-before-you-apply",
        "title": "Remote, hybrid or on-site: questions to ask before you apply",
        "summary": (
            "A job labelled remote can mean many things. These questions help you find "
            "out what an employer really offers, and how to use the remote and salary "
            "filters on Jobboard."
        ),
        "author_name": "Jonah Okafor",
        "published_at": datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
        "roles": ["Machine Learning Engineer", "Research Engineer"],
        "tags": ["remote work", "job search"],
        "body": """\
"Remote" is one of the most popular words in a job ad, and one of the least precise.
For machine learning and research engineers, whose work often involves shared GPU
clusters and close collaboration, the details matter. A few questions before you apply
can save you weeks of interviews for a job that does not fit.

## What does remote mean here?

Start with where you are allowed to live. **"Remote (anywhere in the U.S.)"** is not
the same as remote anywhere: the first usually means the employer can only hire people
who live and pay taxes in the United States. Others limit hiring to a few countries
where they have a legal entity. Ask directly:

- Which countries or states can I work from?
- Can I move later, and does that need approval?
- Is the job hybrid in practice, with expected office days?

## Time zones and meetings

A team spread over many time zones either works asynchronously or holds meetings at
awkward hours. Ask how many hours of overlap are expected, when the regular meetings
happen, and how decisions are written down. For research roles, ask how reading
groups and paper discussions work for people who cannot attend live.

## Pay and location

Some employers pay the same for a role wherever you live; others adjust pay to your
location. Neither approach is wrong, but you should know which one applies before
you discuss numbers. Ask whether the posted range depends on location and whether it
changes if you move.

## Equipment, compute and travel

Remote machine learning work depends on good tools. Useful questions:

- Is a laptop provided, and is there a budget for a desk, chair or monitor?
- How do I get access to GPUs or the training cluster, and how long are the queues?
- How often are team gatherings, who pays for travel, and are they optional?

An answer like "we meet in person twice a year, travel covered" is a good sign that
the company has thought about remote teams.

## Using the filters on Jobboard

On the job list, the **remote filter** lets you pick remote, hybrid or on-site jobs,
so you can skip the kinds that do not suit you. Always read the location line too,
because it shows any country or region limits. The **salary floor filter** takes a
yearly amount in US dollars and keeps only jobs whose range reaches it. Jobs without
a checked salary are left out when the floor is set, which is another good reason for
employers to post one. Combine both filters, then compare what you find with the
figures on the salary page before your first call.
""",
    },
]
