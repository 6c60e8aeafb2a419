"""`make bench`: Jobboard's performance benchmark on PostgreSQL (see bench/run.py)."""
