"""What the benchmark's data is made of: roles, countries, mixes of types and levels, words."""

import bisect
import itertools
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SNAPSHOT = PROJECT / "salaries/data/aijobs/salaries_aijobs_2023-05-14_prefloor.csv"
SEED = 20240607
COMPANIES = 2_000
ROLES = 150
SURVEY_SOURCES = [
    "Bench survey 2021",
    "Bench survey 2022",
    "Bench survey 2023",
    "Bench survey 2024",
]

# Roles beyond the survey's 100 titles, so that the board has 150.
EXTRA_ROLES = [
    "MLOps Engineer",
    "LLM Engineer",
    "Prompt Engineer",
    "AI Product Manager",
    "Data Platform Engineer",
    "Analytics Manager",
    "Data Quality Engineer",
    "Data Governance Lead",
    "Feature Store Engineer",
    "Search Relevance Engineer",
    "Recommender Systems Engineer",
    "Data Visualization Engineer",
    "AI Safety Researcher",
    "Speech Scientist",
    "Geospatial Data Scientist",
    "Bioinformatics Scientist",
    "Quantitative Analyst",
    "Risk Data Scientist",
    "Pricing Analyst",
    "Growth Analyst",
    "Marketing Data Scientist",
    "Product Data Scientist",
    "Data Reliability Engineer",
    "Streaming Data Engineer",
    "Data Warehouse Architect",
    "Knowledge Graph Engineer",
    "Robotics Perception Engineer",
    "Autonomy Engineer",
    "Simulation Engineer",
    "Data Labeling Manager",
    "AI Ethics Lead",
    "Data Steward",
    "Clinical Data Scientist",
    "Credit Risk Modeler",
    "Fraud Data Scientist",
    "Supply Chain Data Scientist",
    "Sports Analyst",
    "Decision Scientist",
    "Econometrician",
    "Experimentation Scientist",
    "GenAI Engineer",
    "Vector Database Engineer",
    "Model Risk Analyst",
    "AI Infrastructure Engineer",
    "Data Privacy Engineer",
    "Revenue Analyst",
    "People Analytics Lead",
    "Healthcare Data Analyst",
    "Insurance Data Scientist",
    "Energy Data Analyst",
]

# code, share of jobs and survey answers, pay against the US, local currency, cities
COUNTRIES = [
    ("US", 0.560, 1.00, "USD", ["New York, NY", "San Francisco, CA", "Austin, TX", "Seattle, WA"]),
    ("GB", 0.070, 0.62, "GBP", ["London", "Manchester", "Edinburgh"]),
    ("CA", 0.045, 0.75, "CAD", ["Toronto, ON", "Vancouver, BC", "Montreal, QC"]),
    ("DE", 0.045, 0.65, "EUR", ["Berlin", "Munich", "Hamburg"]),
    ("IN", 0.035, 0.22, "INR", ["Bengaluru", "Hyderabad", "Pune"]),
    ("ES", 0.030, 0.45, "EUR", ["Madrid", "Barcelona"]),
    ("FR", 0.025, 0.55, "EUR", ["Paris", "Lyon"]),
    ("NL", 0.018, 0.65, "EUR", ["Amsterdam", "Rotterdam"]),
    ("AU", 0.016, 0.75, "AUD", ["Sydney", "Melbourne"]),
    ("BR", 0.012, 0.30, "BRL", ["São Paulo", "Rio de Janeiro"]),
    ("PL", 0.010, 0.40, "PLN", ["Warsaw", "Kraków"]),
    ("PT", 0.009, 0.40, "EUR", ["Lisbon", "Porto"]),
    ("IE", 0.008, 0.70, "EUR", ["Dublin"]),
    ("CH", 0.008, 1.00, "CHF", ["Zurich", "Geneva"]),
    ("SG", 0.007, 0.75, "SGD", ["Singapore"]),
    ("MX", 0.007, 0.30, "MXN", ["Mexico City", "Guadalajara"]),
    ("JP", 0.006, 0.55, "JPY", ["Tokyo", "Osaka"]),
    ("IT", 0.006, 0.45, "EUR", ["Milan", "Rome"]),
    ("SE", 0.006, 0.60, "SEK", ["Stockholm"]),
    ("DK", 0.004, 0.70, "DKK", ["Copenhagen"]),
    ("NO", 0.004, 0.70, "NOK", ["Oslo"]),
    ("IL", 0.004, 0.80, "ILS", ["Tel Aviv"]),
    ("AE", 0.004, 0.70, "AED", ["Dubai"]),
    ("GR", 0.004, 0.35, "EUR", ["Athens"]),
    ("AT", 0.004, 0.60, "EUR", ["Vienna"]),
    ("BE", 0.004, 0.60, "EUR", ["Brussels"]),
    ("FI", 0.003, 0.55, "EUR", ["Helsinki"]),
    ("NZ", 0.003, 0.65, "NZD", ["Auckland"]),
    ("ZA", 0.003, 0.35, "ZAR", ["Cape Town", "Johannesburg"]),
    ("NG", 0.003, 0.20, "NGN", ["Lagos"]),
    ("AR", 0.003, 0.25, "ARS", ["Buenos Aires"]),
    ("CO", 0.003, 0.25, "COP", ["Bogotá", "Medellín"]),
    ("TR", 0.003, 0.25, "TRY", ["Istanbul"]),
    ("CZ", 0.003, 0.40, "CZK", ["Prague"]),
    ("RO", 0.003, 0.35, "RON", ["Bucharest"]),
    ("HU", 0.002, 0.35, "HUF", ["Budapest"]),
    ("UA", 0.002, 0.30, "UAH", ["Kyiv"]),
    ("KE", 0.002, 0.20, "KES", ["Nairobi"]),
    ("PH", 0.002, 0.20, "PHP", ["Manila"]),
    ("HK", 0.002, 0.70, "HKD", ["Hong Kong"]),
]
LEVELS = [
    ("SE", 0.42, 1.10),
    ("MI", 0.30, 0.85),
    ("EN", 0.12, 0.62),
    ("EX", 0.08, 1.45),
    ("", 0.08, 0.95),
]
SURVEY_LEVELS = [("SE", 0.66, 1.10), ("MI", 0.21, 0.85), ("EN", 0.09, 0.62), ("EX", 0.04, 1.45)]
TYPES = [("FT", 0.82), ("CT", 0.09), ("PT", 0.04), ("FL", 0.03), ("IN", 0.02)]
SURVEY_TYPES = [("FT", 0.965), ("CT", 0.012), ("PT", 0.01), ("FL", 0.008), ("IN", 0.005)]
REMOTE = [("onsite", 0.45), ("hybrid", 0.25), ("remote", 0.30)]
# Pay periods a job of each employment type uses, and how finely its amounts are rounded.
PERIODS = {
    "FT": [("year", 0.94), ("month", 0.05), ("hour", 0.01)],
    "CT": [("hour", 0.50), ("day", 0.25), ("month", 0.15), ("year", 0.10)],
    "PT": [("hour", 0.80), ("month", 0.20)],
    "FL": [("hour", 0.70), ("day", 0.30)],
    "IN": [("month", 0.70), ("hour", 0.30)],
}
ROUNDING = {"year": 1000, "month": 100, "week": 50, "day": 10, "hour": 1}
YEARS = [
    (2020, 0.03, 0.88),
    (2021, 0.07, 0.92),
    (2022, 0.20, 0.96),
    (2023, 0.35, 1.00),
    (2024, 0.25, 1.03),
    (2025, 0.10, 1.05),
]
TAGS = [
    ("python", 0.55),
    ("sql", 0.50),
    ("aws", 0.25),
    ("spark", 0.20),
    ("airflow", 0.12),
    ("dbt", 0.10),
    ("kafka", 0.08),
    ("snowflake", 0.10),
    ("databricks", 0.08),
    ("gcp", 0.12),
    ("azure", 0.12),
    ("pytorch", 0.15),
    ("tensorflow", 0.10),
    ("llm", 0.12),
    ("nlp", 0.08),
    ("computer-vision", 0.05),
    ("kubernetes", 0.07),
    ("docker", 0.08),
    ("scala", 0.05),
    ("java", 0.05),
    ("r", 0.06),
    ("tableau", 0.07),
    ("power-bi", 0.06),
    ("looker", 0.04),
    ("statistics", 0.10),
    ("mlops", 0.06),
    ("etl", 0.08),
    ("data-modeling", 0.06),
    ("excel", 0.05),
    ("go", 0.02),
    ("rust", 0.01),
    ("bigquery", 0.05),
    ("postgresql", 0.05),
    ("mongodb", 0.02),
    ("hadoop", 0.02),
    ("a-b-testing", 0.03),
    ("forecasting", 0.03),
    ("recommendation", 0.02),
    ("deep-learning", 0.08),
    ("generative-ai", 0.06),
]
TITLE_SUFFIXES = [
    "",
    "",
    "",
    "",
    ", Platform",
    ", Payments",
    " – Growth",
    ", Risk",
    " (Remote)",
    ", Search",
    ", Marketplace",
    " – Healthcare",
    ", Infrastructure",
    ", Ads",
]
LEVEL_PREFIXES = {
    "SE": ["Senior ", "Senior ", ""],
    "EX": ["Head of ", "Director, ", "Principal "],
    "EN": ["Junior ", "Associate ", ""],
    "MI": ["", ""],
    "": [""],
}
UNROLED_TITLES = [
    "Software Engineer, Data Tools",
    "Solutions Architect",
    "Technical Writer (AI)",
    "Developer Advocate",
    "Product Manager, Data",
    "Site Reliability Engineer",
]
COMPANY_WORDS = [
    "Allo",
    "Brio",
    "Cobalt",
    "Delta",
    "Ember",
    "Fathom",
    "Granite",
    "Helix",
    "Iris",
    "Juno",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orbit",
    "Pioneer",
    "Quanta",
    "Rhea",
    "Sable",
    "Tidal",
    "Umbra",
    "Vertex",
    "Willow",
    "Xeno",
    "Yarrow",
    "Zephyr",
]
COMPANY_KINDS = [
    "Labs",
    "AI",
    "Analytics",
    "Data",
    "Systems",
    "Health",
    "Bank",
    "Robotics",
    "Insurance",
    "Energy",
    "Logistics",
    "Games",
    "Retail",
    "Bio",
    "Cloud",
    "Security",
]
WORDS = (
    "data pipelines models platform customers product analytics experiments warehouse quality "
    "latency scale insights dashboards features training inference evaluation reliability team "
    "stakeholders roadmap metrics ownership design reviews mentoring documentation streaming batch "
    "governance privacy forecasting ranking search recommendations fraud pricing growth research"
).split()


def weighted(pairs):
    """A sampler over [(value, weight, ...)]: random.choices' cumulative search, set up once."""
    values = [pair[0] for pair in pairs]
    cumulative = list(itertools.accumulate(pair[1] for pair in pairs))
    total = cumulative[-1]

    def pick(rng):
        return values[bisect.bisect(cumulative, rng.random() * total)]

    return pick


class Draws:
    """What a job or a survey answer is drawn from, set up once: a country (its row of COUNTRIES),
    an experience level and its pay factor, an employment type, a year and its pay factor."""

    def __init__(self, levels, types):
        self.country_info = {row[0]: row for row in COUNTRIES}
        self.pick_country = weighted(COUNTRIES)
        self.level = weighted(levels)
        self.level_factor = {code: factor for code, _w, factor in levels}
        self.employment_type = weighted(types)
        self.year = weighted(YEARS)
        self.year_factor = {year: factor for year, _w, factor in YEARS}

    def country(self, rng):
        """(code, share, pay factor, currency, cities) of a country drawn by its share."""
        return self.country_info[self.pick_country(rng)]


JOB_DRAWS = Draws(LEVELS, TYPES)
SURVEY_DRAWS = Draws(SURVEY_LEVELS, SURVEY_TYPES)
