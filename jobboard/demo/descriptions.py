"""A description of its own for each demo job, so that a search (`q=python`, `q=sql`) finds some
jobs and not others. Demo text written for Jobboard; the companies are real or named as demo ones
in `jobs.py`, the duties are invented.
"""


def describe(about: str, duties: list[str], wants: list[str]) -> str:
    return "\n".join(
        [
            "## About the role",
            "",
            about,
            "",
            "## What you will do",
            "",
            *(f"- {duty}" for duty in duties),
            "",
            "## What we look for",
            "",
            *(f"- {want}" for want in wants),
            "",
            "*This is demo text written for Jobboard.*",
            "",
        ]
    )


DESCRIPTIONS = {
    "Artificial Intelligence – Bioinformatic Expert": describe(
        "Join the bioinformatics core of an academic health center and bring machine learning to "
        "genomic and clinical research.",
        [
            "Build sequencing pipelines for whole-genome and single-cell studies",
            "Train models that link genomic variants to patient outcomes",
            "Advise research groups on study design and reproducible analysis",
        ],
        ["Python and R for genomics (Bioconductor, scikit-learn)", "A PhD or equivalent research"],
    ),
    "Lead Developer (AI)": describe(
        "Lead the team that builds AI features on a decentralised data cloud.",
        [
            "Design retrieval-augmented generation over customers' own data",
            "Set the technical direction for four engineers and review their code",
            "Ship LLM features from prototype to production",
        ],
        ["Years of Python in production", "TypeScript for the odd front-end change"],
    ),
    "Research Engineer": describe(
        "Turn research ideas about self-improving networks of models into working systems.",
        [
            "Implement papers and run large experiments on decentralised inference",
            "Measure how networks of models combine their forecasts",
            "Publish and open-source what we learn",
        ],
        ["JAX or PyTorch", "Comfort with distributed systems and probability"],
    ),
    "Ecosystem Manager": describe(
        "Grow the community of developers and node operators around the network.",
        [
            "Run hackathons, office hours and the grants programme",
            "Write guides and newsletters for builders",
            "Bring what the community asks for back to the product team",
        ],
        ["Experience in developer relations or community building", "Clear writing"],
    ),
    "Founding AI Engineer, Agents": describe(
        "Be one of the first engineers building AI agents that run go-to-market work end to end.",
        [
            "Design agent loops, tools and memory for sales research",
            "Build the evaluation harness that tells us whether an agent got better",
            "Own features from the first customer call to production",
        ],
        ["Python and LLM APIs in production", "Startup pace and ownership"],
    ),
    "AI Engineer Intern, Agents": describe(
        "A summer internship building and evaluating AI agents next to the founding team.",
        [
            "Prototype tools that agents call",
            "Label and score agent runs to improve our evaluation sets",
            "Present your project to the whole company",
        ],
        ["Students in computer science or a related field", "Python projects you can show us"],
    ),
    "Data Engineer": describe(
        "Keep the data that civic organisers rely on fresh, correct and easy to query.",
        [
            "Run and extend our Airflow pipelines into PostgreSQL",
            "Model voter-file and survey data in SQL for analysts",
            "Monitor data quality and fix what breaks",
        ],
        ["Strong SQL and data modelling", "Airflow or a similar orchestrator"],
    ),
    "Senior Data Scientist": describe(
        "Help organisers understand their communities with careful statistics.",
        [
            "Weight and analyse surveys and build small-area estimates",
            "Design experiments for outreach programmes",
            "Explain uncertainty to people who are not statisticians",
        ],
        ["Survey statistics and causal inference", "Python or R, and reproducible notebooks"],
    ),
    "Asst/Assoc Professor of Applied Mathematics & Artificial Intelligence": describe(
        "A tenure-track position in the School of Mathematics and Statistics.",
        [
            "Teach undergraduate and graduate courses in applied mathematics and AI",
            "Build an externally funded research programme",
            "Supervise students and serve the department",
        ],
        ["A PhD in mathematics, statistics or a related field", "Evidence of excellent teaching"],
    ),
    "Platform Software Development Lead": describe(
        "Lead the internal developer platform used by hundreds of engineering teams.",
        [
            "Run Kubernetes clusters and the paved road on top of them",
            "Write Go services for self-service infrastructure",
            "Work with security and compliance on a regulated cloud",
        ],
        ["Kubernetes, Terraform and a major cloud", "Experience leading platform teams"],
    ),
    "Software Engineer": describe(
        "Build secure software for public-sector customers.",
        [
            "Develop Java and Spring services on AWS GovCloud",
            "Automate builds, tests and deployments",
            "Work with analysts to turn requirements into features",
        ],
        ["Java and Spring Boot", "Eligibility for a security clearance"],
    ),
    "Junior Data Analyst": describe(
        "Start your analytics career with a consulting team in Amsterdam.",
        [
            "Write SQL queries and build Power BI dashboards for clients",
            "Clean spreadsheets and document data sources",
            "Present findings with a senior analyst",
        ],
        ["Some SQL and Excel", "Curiosity and attention to detail"],
    ),
    "Data Analyst (part time)": describe(
        "Three days a week in our Madrid office, analysing retail data for European clients.",
        [
            "Build Tableau dashboards on weekly sales",
            "Answer ad-hoc questions with SQL",
            "Explain results to clients in Spanish and English",
        ],
        ["Tableau and SQL", "Spanish and English"],
    ),
    "Analytics Engineer": describe(
        "Own the models between raw data and every dashboard our London clients read.",
        [
            "Build and test dbt models on Snowflake",
            "Write SQL that analysts can read and trust",
            "Set up CI for the analytics code base",
        ],
        ["dbt and SQL", "Version control and code review habits"],
    ),
    "Freelance Data Architect": describe(
        "A six-month remote engagement designing a lakehouse for a German manufacturer.",
        [
            "Design a data mesh across four business domains",
            "Choose between Kafka, Delta Lake and Iceberg with the client",
            "Hand over architecture decision records",
        ],
        ["Ten years of data architecture", "German is a plus"],
    ),
    "Machine Learning Engineer, Perception": describe(
        "Teach warehouse robots to see: detect, track and grasp parcels of every shape.",
        [
            "Train detection and segmentation models in PyTorch",
            "Deploy them in C++ on robots running ROS 2",
            "Build the data loop from robot logs back to training",
        ],
        ["Python and C++", "Computer vision in production"],
    ),
    "Robotics Data Engineer (contract)": describe(
        "A twelve-month contract building the pipelines for robot telemetry.",
        [
            "Stream telemetry through Kafka into Spark jobs",
            "Store terabytes of sensor logs in Parquet on object storage",
            "Make logs searchable for the perception team",
        ],
        ["Spark and Scala", "Kafka"],
    ),
    "Head of Data": describe(
        "Build and lead the data team of a growing robotics company.",
        [
            "Hire and grow analysts, data engineers and data scientists",
            "Set the data strategy with the leadership team",
            "Make the company's key numbers trustworthy",
        ],
        ["Experience leading data teams", "A record of decisions changed by data"],
    ),
    "Clinical Data Scientist": describe(
        "Analyse clinical data to make hospital care safer.",
        [
            "Run survival analyses and risk models in R",
            "Work with FHIR data from hospital partners",
            "Write analysis plans that regulators can follow",
        ],
        ["R and biostatistics", "Experience with health data"],
    ),
    "Data Engineer, Platform": describe(
        "Build the data platform behind our clinical products, from Bengaluru.",
        [
            "Write Python services that ingest hospital data on AWS",
            "Design tables and SQL for analytics and machine learning",
            "Own data privacy controls end to end",
        ],
        ["Python, SQL and AWS", "Care with sensitive data"],
    ),
    "Research Scientist, Medical Imaging": describe(
        "Research deep learning for MRI and CT with radiologists in Boston.",
        [
            "Develop segmentation and reconstruction models",
            "Run studies with hospital partners",
            "Publish at MICCAI and similar venues",
        ],
        ["A PhD in machine learning or medical imaging", "PyTorch"],
    ),
    "Machine Learning Intern": describe(
        "A twelve-week internship in Sydney on models that triage clinical notes.",
        [
            "Fine-tune language models on de-identified notes",
            "Measure fairness across patient groups",
            "Write up your results for the team",
        ],
        ["Students in computer science or statistics", "Python and some machine learning"],
    ),
    "Data Annotation Lead": describe(
        "Lead a remote team that labels medical images and clinical text.",
        [
            "Write labelling guidelines with clinicians",
            "Measure agreement between annotators and fix ambiguities",
            "Plan the team's weekly capacity",
        ],
        ["Experience running annotation projects", "Attention to detail"],
    ),
    "Staff Data Engineer": describe(
        "Set the direction for streaming data on a decentralised network.",
        [
            "Design streaming ingestion in Rust and Apache Flink",
            "Guarantee exactly-once delivery across regions",
            "Mentor engineers across three teams",
        ],
        ["Rust in production", "Streaming systems at scale"],
    ),
    "Director of Machine Learning": describe(
        "Lead machine learning across drug discovery and manufacturing.",
        [
            "Lead three ML teams and their managers",
            "Build the MLOps platform models ship on",
            "Work with scientists on where ML helps most",
        ],
        ["Experience leading ML organisations", "Life sciences is a plus"],
    ),
    "Data Scientist, Growth": describe(
        "Help a fast-growing startup learn what works, from São Paulo.",
        [
            "Design and read A/B tests on the product",
            "Build funnels and cohorts in SQL",
            "Forecast revenue with the finance team",
        ],
        ["Experimentation and statistics", "SQL and a notebook tool"],
    ),
    # Jobs the demo leaves waiting for review.
    "Applied Scientist, Forecasting": describe(
        "Forecast the network's own activity so it can scale ahead of demand.",
        [
            "Build time-series models of usage and fees",
            "Backtest forecasts and report their errors honestly",
            "Ship forecasts as a service other teams call",
        ],
        ["Python and time-series forecasting", "Probabilistic thinking"],
    ),
    "Data Labelling Lead": describe(
        "Run the labelling of forecasting datasets with a pool of contractors.",
        [
            "Write guidelines and review labels",
            "Track quality and throughput",
            "Pay contractors fairly and on time",
        ],
        ["Experience with labelling tools", "Organisation"],
    ),
    # Rejected by the demo moderator because it says nothing about the job.
    "Growth Engineer": "We are a fast-growing network with an amazing culture and great perks.\n",
    "Agent Evaluation Engineer": describe(
        "Make sure our agents get better, not just different.",
        [
            "Build evaluation sets from real customer tasks",
            "Automate regression checks for every model change",
            "Report agent quality to the whole company",
        ],
        ["Python and statistics", "Experience evaluating LLM systems"],
    ),
}
