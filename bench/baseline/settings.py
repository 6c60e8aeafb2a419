"""bench.settings serving the plain FilterView at /jobs/, with the same query strings."""

from copy import deepcopy
from pathlib import Path

from bench.settings import *  # noqa: F403
from bench.settings import TEMPLATES

ROOT_URLCONF = "bench.baseline.urls"
TEMPLATES = deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [Path(__file__).resolve().parent / "templates", *TEMPLATES[0]["DIRS"]]
