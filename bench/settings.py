"""jobboard.settings as deployed, with three changes the benchmark needs and nothing else:

- STATIC_ROOT in bench/.static, so collectstatic leaves the project's staticfiles/ alone;
- a cache KEY_PREFIX naming the benchmark database (BENCH_CACHE_PREFIX), so a shared Redis never
  mixes its keys with another database's, and each run starts with a cold cache;
- "testserver" among the allowed hosts, for the in-process test client.
"""

import os
from pathlib import Path

from jobboard.settings import *  # noqa: F403
from jobboard.settings import ALLOWED_HOSTS, CACHES

STATIC_ROOT = Path(__file__).resolve().parent / ".static"
CACHES = {
    name: {**options, "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "bench")}
    for name, options in CACHES.items()
}
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
