"""The back office for jobs: employers post and mend their own companies' jobs, moderators decide.

Every limit is kept on the server: querysets scoped to the user's companies (another company's
object is a 404), form choices scoped the same way, read-only fields for what only the board
decides, and actions that check the moderate permission before they run.
"""

from jobs.admin import company, job  # noqa: F401 - each registers its admin on the site
