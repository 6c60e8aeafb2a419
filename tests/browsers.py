"""Which chromium the browser tests drive, and how `make test` gets one onto a fresh machine.

`python -m tests.browsers` (run by `make test` before the suite) keeps a working browser or installs
one: Playwright's own chromium where it can be downloaded, else Debian's (apt-get, as root or with
password-less sudo). If neither works it stops at once with one sentence saying what to do, instead
of letting every browser test error in set-up. The conftest asks the same question the
same way, so the provisioning and the tests always agree on the browser.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Flags that keep chromium off the network: this machine's network is closed, and a browser that
# keeps retrying Google's hosts slows every test.
LAUNCH_FLAGS = ["--no-sandbox", "--disable-background-networking"]
NO_BROWSER = (
    "The browser tests need Chromium and none could be installed: run `sudo apt-get install "
    "chromium` (or `.venv/bin/playwright install chromium` where it can download), or set "
    "CHROMIUM_PATH to a Chromium binary, or run the suite without them with `make test-no-browser`."
)


@dataclass(frozen=True)
class Browser:
    label: str
    # None: Playwright launches its own build from its cache.
    executable_path: str | None

    def launch_args(self) -> dict:
        args: dict = {"args": LAUNCH_FLAGS}
        if self.executable_path:
            args["executable_path"] = self.executable_path
        return args


def is_executable(path: str | None) -> bool:
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def candidates(playwright_own: str | None) -> list[Browser]:
    """CHROMIUM_PATH alone if set, else Playwright's own chromium and Debian's, those on disk.

    `playwright_own` is where Playwright keeps its chromium (`browser_type.executable_path`).
    """
    chosen = os.environ.get("CHROMIUM_PATH")
    if chosen:
        # An explicit choice is never second-guessed: a wrong path must fail loudly.
        return [Browser(f"CHROMIUM_PATH ({chosen})", chosen)] if is_executable(chosen) else []
    found = []
    if is_executable(playwright_own):
        found.append(Browser(f"Playwright's chromium ({playwright_own})", None))
    if is_executable(DEBIAN_CHROMIUM):
        found.append(Browser(f"Debian's chromium ({DEBIAN_CHROMIUM})", DEBIAN_CHROMIUM))
    return found


def first_that_starts(browsers: list[Browser], launch: Callable) -> Browser | None:
    """A browser on disk may still lack the libraries it needs: start each once to be sure.

    `launch` is a Playwright `BrowserType.launch`; the conftest passes its own, this module one of
    a fresh Playwright, so both choose by the same rule.
    """
    from playwright.sync_api import Error

    for browser in browsers:
        try:
            launch(**browser.launch_args()).close()
        except Error as error:
            print(f"{browser.label} does not start: {str(error).splitlines()[0]}", file=sys.stderr)
            continue
        return browser
    return None


def working_browser() -> Browser | None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium
        return first_that_starts(candidates(chromium.executable_path), chromium.launch)


def run(command: list[str], timeout: int) -> bool:
    """Runs a command quietly; on failure prints the one line that says why (a failed download
    retries five times, each with a stack trace)."""
    print("$", " ".join(command), flush=True)
    try:
        done = subprocess.run(command, timeout=timeout, capture_output=True, text=True)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"{command[0]}: {error}", file=sys.stderr)
        return False
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        reasons = [line for line in lines if "error" in line.lower()] or lines or ["no output"]
        print(f"{Path(command[0]).name} failed: {reasons[0]}", file=sys.stderr)
    return done.returncode == 0


def as_root(command: list[str]) -> list[str] | None:
    """The command as root: directly when we are root, through password-less sudo, else None."""
    if os.geteuid() == 0:
        return command
    if shutil.which("sudo") and run(["sudo", "-n", "true"], timeout=10):
        return ["sudo", "-n", *command]
    return None


def install_playwright_chromium() -> bool:
    playwright = Path(sys.executable).with_name("playwright")
    return run([str(playwright), "install", "chromium"], timeout=600)


def install_debian_chromium() -> bool:
    if not shutil.which("apt-get"):
        print("apt-get is not there: not a Debian-like system.", file=sys.stderr)
        return False
    if as_root(["true"]) is None:
        print("apt-get needs root or password-less sudo.", file=sys.stderr)
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        command = as_root(command)
        print("$", " ".join(command), flush=True)
        # apt's progress runs to hundreds of lines; its errors go to stderr, which stays.
        if subprocess.run(command, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            return False
    return True


def provision() -> Browser | None:
    """A browser that starts, installing one if need be; None when that was not possible."""
    browser = working_browser()
    if browser or os.environ.get("CHROMIUM_PATH"):
        # A browser the user chose and that does not start is theirs to fix: installing another
        # would hide the mistake.
        return browser
    for name, install in (
        ("Playwright's chromium", install_playwright_chromium),
        ("Debian's chromium", install_debian_chromium),
    ):
        print(f"Installing {name} for the browser tests...", flush=True)
        if install() and (browser := working_browser()):
            return browser
    return None


def main() -> int:
    browser = provision()
    if browser is None:
        print(NO_BROWSER, file=sys.stderr)
        return 1
    print(f"Browser tests use {browser.label}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
