"""Requests per second under gunicorn (2 sync workers) and wrk, for the board and the baseline.

Both servers read the same benchmark database, one after the other, with the same query strings,
so their ratio comes from one run on one machine. wrk and gunicorn share the machine's cores, as in
the issue's measurement of the baseline; only loopback addresses are used, and every wrk run ends
after its duration.
"""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
SERVERS = {"board": "bench.settings", "baseline": "bench.baseline.settings"}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run(
    *, urls: list[tuple[str, str]], env: dict, port: int, seconds: int, connections: int, log: Path
) -> list[dict]:
    """wrk on each (name, path) against each server; one result per server and URL."""
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk); use --no-wrk.")
    results = []
    for server, settings_module in SERVERS.items():
        with _gunicorn(settings_module, env, port, log) as base:
            for name, path in urls:
                url = base + path
                status = _warm_up(url)
                result = _wrk(url, seconds=seconds, connections=connections)
                result.update(server=server, name=name, path=path, status=status)
                results.append(result)
                latency = result["latency_ms"]
                print(
                    f"  {server:<8} {name:<28} {result['requests_per_second']:>8.1f} req/s  "
                    f"p50 {latency.get('50', 0):.1f} ms  p99 {latency.get('99', 0):.1f} ms"
                    f"  non-2xx {result['non_2xx']}",
                    flush=True,
                )
    return results


def run_rotating(
    *, paths: list[str], env: dict, port: int, seconds: int, connections: int, log: Path
) -> list[dict]:
    """wrk rotating over every path (each thread from its own offset), the board then the plain
    FilterView baseline, the board's page cache on as shipped: one result per server."""
    import tempfile

    from bench import wrk

    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk); use --no-wrk.")
    results = []
    # A port each: a stopped server's workers may hold theirs a moment longer.
    for offset, (server, settings_module) in enumerate(SERVERS.items()):
        with (
            _gunicorn(settings_module, env, port + offset, log) as base,
            tempfile.TemporaryDirectory() as folder,
        ):
            _warm_up(base + "/jobs/", count=3)
            result = wrk.run(
                base,
                paths,
                seconds=seconds,
                connections=connections,
                timeout=30,
                folder=Path(folder),
                headers={"X-Forwarded-Proto": "https"},
            )
        result.update(
            server=server,
            paths=len(paths),
            requests_per_second=round(result["requests"] / result["seconds"], 1),
        )
        results.append(result)
        print(
            f"  {server:<8} rotating {len(paths)} URLs: "
            f"{result['requests_per_second']:>7.1f} req/s  p50 {result['p50_ms']} ms  "
            f"p99 {result['p99_ms']} ms  statuses {result['statuses']}",
            flush=True,
        )
    return results


class _gunicorn:
    def __init__(self, settings_module: str, env: dict, port: int, log: Path):
        self.env = {**env, "DJANGO_SETTINGS_MODULE": settings_module}
        self.port, self.log = port, log

    def __enter__(self) -> str:
        self.output = open(self.log, "a")
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "jobboard.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=PROJECT,
            env=self.env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn stopped at start; see {self.log}")
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                return base
            except urllib.error.HTTPError:
                return base  # it answers
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"bench: gunicorn did not answer on port {self.port}; see {self.log}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.output.close()


def _warm_up(url: str, count: int = 20) -> int:
    status = 0
    for _ in range(count):
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
    return status


def _wrk(url: str, *, seconds: int, connections: int) -> dict:
    command = [
        "wrk",
        "-H",
        "X-Forwarded-Proto: https",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = {
        pct: float(value) * UNITS[unit]
        for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {
        "command": " ".join(command),
        "requests_per_second": float(rate.group(1)) if rate else 0.0,
        "latency_ms": {pct: round(value, 2) for pct, value in latency.items()},
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def environment_for(database_url: str, cache_prefix: str) -> dict:
    """The servers' environment: production settings (debug off) on the benchmark database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_CACHE_PREFIX": cache_prefix,
        "DJANGO_DEBUG": "0",
        # As deployed behind an HTTPS proxy: the requests say https, so nothing redirects.
        "DJANGO_BEHIND_HTTPS_PROXY": "1",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only-not-a-secret",
        "PYTHONPATH": str(PROJECT),
    }
