"""wrk over a mix of pages, and the HTTP helpers around it (make load, make cluster-check)."""

import json
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

# wrk: each thread walks the path list from its own offset and counts answers by status code.
LUA = """
local paths = {PATHS}
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
  counter = offset
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local codes = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(codes) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.2f, "statuses": {%s}, "errors": {"connect": %d, '
    .. '"read": %d, "write": %d, "timeout": %d}, "p50_ms": %.1f, "p99_ms": %.1f, '
    .. '"max_ms": %.1f}\\n',
    summary.requests, summary.duration / 1e6, table.concat(parts, ", "), e.connect, e.read,
    e.write, e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def fetch(url: str, *, timeout: float = 30, headers: dict | None = None) -> tuple[int, bytes]:
    """(status, body) of a GET; status 0 when there was no HTTP answer at all."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def sitemap_paths(base: str, path: str = "/sitemap.xml") -> list[str]:
    """Every page path in the sitemap, following a sitemap index into its sitemaps."""
    status, body = fetch(base + path)
    if status != 200:
        raise SystemExit(f"{base}{path} answered {status}")
    paths = []
    for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode()):
        found = urlsplit(loc).path
        paths.extend(sitemap_paths(base, found) if found.endswith(".xml") else [found])
    return paths


def page_mix(base: str, *, with_errors: bool = True) -> list[str]:
    """Every kind of public page, with real slugs from the sitemap; with_errors adds a bad
    filter (400) and an unknown page (404)."""
    found = sitemap_paths(base)
    jobs = [path for path in found if path.startswith("/jobs/") and path != "/jobs/"][:6]
    roles = [path for path in found if path.startswith("/salaries/") and path != "/salaries/"][:4]
    articles = [path for path in found if path.startswith("/articles/") and path != "/articles/"]
    if not (jobs and roles and articles):
        raise SystemExit("the demo data has no jobs, roles or articles in the sitemap")
    errors = ["/jobs/?experience_level=XX", "/no-such-page/"] if with_errors else []
    return [
        "/",
        "/jobs/",
        "/jobs/?q=data",
        "/jobs/?q=engineer",
        "/jobs/?ordering=salary_desc&page=2",  # the demo has 25 published jobs, 20 a page
        "/jobs/?remote=remote",
        *jobs,
        "/salaries/",
        "/salaries/?sort=highest",
        *roles,
        roles[0].rstrip("/") + ".json",
        "/articles/",
        *articles[:2],
        "/sitemap.xml",
        "/healthz",
        *errors,
    ]


def run(
    base: str,
    paths: list[str],
    *,
    seconds: int,
    connections: int,
    timeout: float,
    folder: Path,
    headers: dict | None = None,
) -> dict:
    """wrk for `seconds` over `paths`: requests, statuses, socket errors, latency."""
    script = folder / "mix.lua"
    lua = LUA.replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in paths) + "}")
    lua = (
        "".join(
            f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}\n"
            for name, value in (headers or {}).items()
        )
        + lua
    )
    script.write_text(lua)
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        f"{timeout:g}s",
        "--script",
        str(script),
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.split("WRK ", 1)[1])


def describe(result: dict) -> str:
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(result["statuses"].items()))
    errors = sum(result["errors"].values())
    return (
        f"{result['requests']} requests in {result['seconds']:.0f} s "
        f"({result['requests'] / result['seconds']:.0f}/s); statuses {statuses}; "
        f"socket errors {errors} {result['errors']}; latency p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms"
    )


def count_5xx(result: dict, *, allowed: tuple[str, ...] = ()) -> int:
    return sum(n for code, n in result["statuses"].items() if code >= "500" and code not in allowed)
