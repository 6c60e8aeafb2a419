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
    {
        "slug": "can-a-data-engineer-become-a-machine-learning-engineer",
        "title": "Can a Data Engineer become a Machine Learning Engineer?",
        "summary": (
            "Yes, and more often than the job ads suggest. What carries over, what you have "
            "to learn, and a six-month plan that fits next to a full-time job."
        ),
        "author_name": "Lena Vogt",
        "published_at": datetime(2024, 2, 12, 9, 0, tzinfo=UTC),
        "roles": ["Data Engineer", "Machine Learning Engineer"],
        "tags": ["career change", "data engineering", "machine learning"],
        "body": """\
Machine learning engineers spend a surprising share of their week on work a data
engineer already knows: moving data, checking it, scheduling jobs and keeping them
running. That is why the move from data engineering to machine learning engineering is
one of the most common career changes in our field. It is not a small step, but it is a
step, not a restart.

## What carries over

More than you might think. A production model is a pipeline with a model in the
middle, and most of its failures are pipeline failures.

- **Data modelling and SQL.** Training sets are built with the same joins, windows and
  deduplication you write today.
- **Orchestration.** Retraining is a scheduled job with dependencies, retries and
  alerts, whether it runs in Airflow, Dagster or a cron line.
- **Data quality.** A model trained on a broken column fails silently. Engineers who
  already test their data catch this before anyone else does.
- **Operations.** On-call duty, logging, cost control and capacity planning are the
  same habits with a GPU bill attached.

## What you need to learn

### The mathematics you actually use

You do not need a degree in statistics, but you do need to be comfortable with a few
ideas: loss functions, gradient descent, overfitting, and how to split data so that an
evaluation means something. Linear algebra at the level of "what does a matrix
multiplication do to a batch of vectors" goes a long way.

### Modelling practice

The hard part is rarely the algorithm. It is choosing a baseline, picking a metric that
matches the business question, and noticing when a good score is too good to be true
because the answer leaked into the features.

### Serving and monitoring

Models go stale as the world changes. Learn how to log predictions, compare live inputs
with the training data, and decide when to retrain. This is where your engineering
background turns into an advantage.

## A six-month plan

| Month | Focus | Output |
|-------|-------|--------|
| 1–2   | Fundamentals course, small exercises | Notes and a few notebooks |
| 3     | Rebuild a model your company already runs | A written comparison |
| 4–5   | Own the training pipeline end to end | A pipeline in production |
| 6     | Monitoring and a retraining rule | A dashboard and a runbook |

The third month matters most. Reproducing an existing model, with its data and its
evaluation, teaches you more than any course, and it gives you something concrete to
discuss in an interview.

## Moving inside your company first

The easiest door is often the one next to yours. Machine learning teams are usually
short of people who can make their pipelines reliable. Offer to take over the feature
pipeline or the training schedule, and ask to pair on the modelling work. After a few
months the title often follows the work.

## What happens to your pay

Machine learning engineers earn more than data engineers at the median in our survey
data, but the gap is smaller than many expect, and it depends on seniority. A senior
data engineer who moves across may land at a mid-level machine learning salary for a
while. Compare both roles under "Salary insights" on this page before you negotiate,
and look at the figures for your experience level, not only the overall median.
""",
    },
    {
        "slug": "machine-learning-engineer-vs-data-engineer",
        "title": "Machine Learning Engineer vs. Data Engineer",
        "summary": (
            "Two roles that share tools but not goals. How their days, their interviews and "
            "their pay differ, and how to tell which one a job ad is really describing."
        ),
        "author_name": "Samir Haddad",
        "published_at": datetime(2024, 3, 4, 9, 0, tzinfo=UTC),
        "roles": ["Machine Learning Engineer", "Data Engineer"],
        "tags": ["machine learning", "data engineering", "salaries", "job search"],
        "body": """\
Job titles in data are loose. Some "machine learning engineer" ads describe a data
pipeline with one model at the end; some "data engineer" ads ask for model training.
Here is how the two roles usually differ, so you can read an ad for what it is.

## The goal of the work

A data engineer's product is **data people can trust**: tables that arrive on time,
with the columns they promise and the history they need. The customers are analysts,
scientists and other systems.

A machine learning engineer's product is **a model that keeps working in production**:
trained on the right data, served fast enough, watched for drift and retrained when it
slips. The customers are usually features in the product itself.

## A typical week

### Data Engineer

- Build and change pipelines that load and transform data.
- Design tables and keep their definitions documented.
- Chase a late upstream source, fix a broken backfill, review a colleague's SQL.

### Machine Learning Engineer

- Turn a notebook experiment into a training pipeline that can run every week.
- Serve the model behind an API or in a batch job, and keep latency in budget.
- Compare live predictions with outcomes and decide whether to retrain.

## Tools in common and apart

| Area | Data Engineer | Machine Learning Engineer |
|------|---------------|---------------------------|
| Languages | SQL, Python | Python, some SQL |
| Scheduling | Airflow, Dagster, dbt | The same, plus training jobs |
| Storage | Warehouse, lake | Feature store, model registry |
| Compute | CPUs, lots of them | GPUs when training |

## Interviews

Data engineering interviews lean on SQL exercises, data modelling ("design the tables
for a ride-sharing app") and questions about failure: what happens when a load runs
twice? Machine learning engineering interviews add a modelling round, where you choose
a metric, a baseline and an evaluation, and often a system design round about serving
and monitoring a model.

## Pay

### Data Engineer

Data engineering is one of the largest groups in our salary data, so its figures are
among the most reliable we have, and they vary widely with seniority and country.

### Machine Learning Engineer

Machine learning engineers earn more at the median in the same data, with a wider
spread at the senior end, where experience with large models is scarce. "Salary
insights" on this page shows the current medians and how many data points they rest
on.

## Reading a job ad

Look at the verbs. "Build pipelines", "model data", "own the warehouse" describe data
engineering whatever the title says. "Train", "evaluate", "serve", "monitor drift"
describe machine learning engineering. If an ad asks for all of them at a junior
salary, it is describing two jobs for the price of one.
""",
    },
    {
        "slug": "from-data-analyst-to-data-scientist",
        "title": "From Data Analyst to Data Scientist: the skills gap, honestly",
        "summary": (
            "Analysts already do half of a data scientist's job. The other half is "
            "statistics, programming and experiments; here is how to close the gap."
        ),
        "author_name": "Inés Calderón",
        "published_at": datetime(2024, 4, 8, 9, 0, tzinfo=UTC),
        "roles": ["Data Analyst", "Data Scientist"],
        "tags": ["career change", "statistics"],
        "body": """\
Data analysts answer questions with data every day. Data scientists do too; the
difference lies in the kind of question and in the tools needed to answer it with
confidence. If you are an analyst thinking about the move, you already hold more of the
job than you think.

## What analysts already have

- **Business sense.** Knowing which question matters is the rarest skill in data
  science, and analysts practise it daily.
- **SQL and data cleaning.** Most of a data scientist's time goes here as well.
- **Communication.** A model nobody understands changes nothing. Analysts know how to
  turn numbers into a decision.

## The gap

### Statistics beyond averages

Data scientists are asked how sure they are. That means confidence intervals,
hypothesis tests and, above all, an instinct for when a difference could be chance.
Learn how sample size drives uncertainty; it is the idea behind most mistakes in
dashboards.

### Programming

Spreadsheets and BI tools take you far, but data science work is done in code, usually
Python. Aim for clean, tested functions rather than long notebooks:

```python
def conversion_rate(visits: int, signups: int) -> float:
    if visits == 0:
        raise ValueError("no visits, no rate")
    return signups / visits
```

### Experiments

A/B tests are where analysts most often meet data science. Learn to plan one: what you
will measure, how many users you need, and how long to run it before looking.

### Predictive models

Start with linear and logistic regression and decision trees. Understand them well
enough to explain a prediction to a colleague before you move on to anything larger.

## How long it takes

With steady practice next to a full-time job, most analysts we have spoken to needed
between one and two years. The fastest path is usually inside their own company: they
volunteered for an experiment or a forecasting project, did it well, and were asked to
do more.

## What changes in pay

Data scientists earn more than data analysts at the median in our data, and the gap
widens with seniority. The analyst figures rest on many data points; check "Salary
insights" on this page for both roles, then filter by experience level on the salary
pages to compare like with like.
""",
    },
    {
        "slug": "what-an-analytics-engineer-does",
        "title": "What an Analytics Engineer does, and why it pays like engineering",
        "summary": (
            "The role between the analyst and the data engineer: modelling data in the "
            "warehouse with software habits. What the work is and who moves into it."
        ),
        "author_name": "Mara Lindqvist",
        "published_at": datetime(2024, 4, 22, 9, 0, tzinfo=UTC),
        "roles": ["Analytics Engineer", "Data Analyst", "Data Engineer"],
        "tags": ["analytics engineering", "career change", "data engineering"],
        "body": """\
A few years ago the title hardly existed. Now analytics engineers sit in most data
teams of any size, between the data engineers who load raw data and the analysts who
answer questions with it. Their job is to turn the first into something the second can
trust.

## The work

Analytics engineers build the **models in the warehouse**: the cleaned, joined and
documented tables that dashboards and analyses read. A typical change looks like this:

1. A product manager asks why two dashboards disagree about active users.
2. The analytics engineer finds two definitions in two queries.
3. They write one definition as a tested model, document it, and point both
   dashboards at it.

The question never comes back, and that is the point of the role.

## Software habits for SQL

What sets the role apart is not the language, which is mostly SQL, but the habits
borrowed from software engineering:

- **Version control.** Every model lives in a repository and changes through review.
- **Tests.** Columns that must be unique, never empty or within a range are checked
  on every run.
- **Documentation.** Each model says what a row means and where its columns come from.
- **Environments.** Changes are built and checked in development before they reach
  the tables everyone uses.

## Who moves into it

### From data analysis

Analysts who got tired of rewriting the same query bring the business knowledge and
learn the engineering habits.

### From data engineering

Data engineers who enjoy the modelling more than the infrastructure bring the habits
and learn the business questions.

## Why it pays like engineering

Analytics engineers are paid closer to data engineers than to analysts in our survey
data. The reason is leverage: one well-built model serves every analyst and every
dashboard that reads it, and a wrong one misleads all of them. The figures for the
role rest on fewer data points than those for the older roles, so read its median
together with the count shown under "Salary insights" on this page.
""",
    },
]
