"""How `make test` finds or installs the browser its browser tests drive (tests/browsers.py)."""

import pytest
from playwright.sync_api import Error

from tests import browsers


@pytest.fixture
def executable(tmp_path):
    def make(name):
        path = tmp_path / name
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
        return str(path)

    return make


@pytest.fixture
def no_debian_chromium(monkeypatch, tmp_path):
    monkeypatch.setattr(browsers, "DEBIAN_CHROMIUM", str(tmp_path / "no-such-chromium"))


@pytest.fixture
def no_chosen_browser(monkeypatch):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)


class FakeLaunch:
    """Stands in for BrowserType.launch: the browsers whose executable_path is in `broken` fail."""

    def __init__(self, broken=()):
        self.broken = set(broken)
        self.tried = []

    def __call__(self, **kwargs):
        path = kwargs.get("executable_path")
        self.tried.append(path)
        if path in self.broken:
            raise Error("Failed to launch: missing libnss3.so")
        return self

    def close(self):
        pass


def test_chromium_path_wins_over_every_other_browser(monkeypatch, executable):
    chosen = executable("my-chromium")
    monkeypatch.setenv("CHROMIUM_PATH", chosen)
    found = browsers.candidates(executable("playwright-chrome"))
    assert [b.executable_path for b in found] == [chosen]


def test_a_chromium_path_that_is_not_a_program_gives_no_browser(monkeypatch, tmp_path, executable):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "missing"))
    assert browsers.candidates(executable("playwright-chrome")) == []


@pytest.mark.usefixtures("no_chosen_browser")
def test_playwrights_own_chromium_comes_before_debians(monkeypatch, executable):
    monkeypatch.setattr(browsers, "DEBIAN_CHROMIUM", executable("chromium"))
    found = browsers.candidates(executable("playwright-chrome"))
    # Playwright's own is launched without a path: it knows where its build lives.
    assert [b.executable_path for b in found] == [None, browsers.DEBIAN_CHROMIUM]
    assert found[0].launch_args() == {"args": browsers.LAUNCH_FLAGS}
    assert found[1].launch_args()["executable_path"] == browsers.DEBIAN_CHROMIUM


@pytest.mark.usefixtures("no_chosen_browser", "no_debian_chromium")
def test_no_browser_on_disk_gives_no_candidates(tmp_path):
    assert browsers.candidates(str(tmp_path / "not-downloaded")) == []


def test_a_browser_that_does_not_start_is_passed_over(executable, capsys):
    first, second = browsers.Browser("a", executable("a")), browsers.Browser("b", executable("b"))
    launch = FakeLaunch(broken={first.executable_path})
    assert browsers.first_that_starts([first, second], launch) == second
    assert launch.tried == [first.executable_path, second.executable_path]
    assert "a does not start: Failed to launch" in capsys.readouterr().err


def test_no_browser_that_starts_gives_none(executable):
    only = browsers.Browser("a", executable("a"))
    assert browsers.first_that_starts([only], FakeLaunch(broken={only.executable_path})) is None


@pytest.mark.usefixtures("no_chosen_browser")
def test_provision_installs_nothing_when_a_browser_starts(monkeypatch):
    there = browsers.Browser("there", "/usr/bin/chromium")
    monkeypatch.setattr(browsers, "working_browser", lambda: there)
    monkeypatch.setattr(browsers, "install_playwright_chromium", pytest.fail)
    monkeypatch.setattr(browsers, "install_debian_chromium", pytest.fail)
    assert browsers.provision() == there


@pytest.mark.usefixtures("no_chosen_browser")
def test_provision_falls_back_to_debian_when_the_download_fails(monkeypatch):
    debian = browsers.Browser("debian", "/usr/bin/chromium")
    installed = []
    monkeypatch.setattr(browsers, "working_browser", lambda: debian if installed else None)
    monkeypatch.setattr(browsers, "install_playwright_chromium", lambda: False)
    monkeypatch.setattr(browsers, "install_debian_chromium", lambda: installed.append(1) or True)
    assert browsers.provision() == debian


def test_provision_never_installs_over_a_chosen_browser(monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", "/opt/broken-chromium")
    monkeypatch.setattr(browsers, "working_browser", lambda: None)
    monkeypatch.setattr(browsers, "install_playwright_chromium", pytest.fail)
    assert browsers.provision() is None


@pytest.mark.usefixtures("no_chosen_browser")
def test_no_way_to_a_browser_stops_with_one_sentence(monkeypatch, capsys):
    monkeypatch.setattr(browsers, "working_browser", lambda: None)
    monkeypatch.setattr(browsers, "install_playwright_chromium", lambda: False)
    monkeypatch.setattr(browsers, "install_debian_chromium", lambda: False)
    assert browsers.main() == 1
    assert capsys.readouterr().err.strip().endswith(browsers.NO_BROWSER)


def test_a_failed_command_is_summed_up_in_its_error_line(capsys):
    noisy = "echo downloading; echo 'Error: getaddrinfo ENOTFOUND' >&2; echo trace >&2; exit 3"
    assert browsers.run(["sh", "-c", noisy], timeout=10) is False
    assert capsys.readouterr().err == "sh failed: Error: getaddrinfo ENOTFOUND\n"
    assert browsers.run(["true"], timeout=10) is True


def test_debian_chromium_is_not_attempted_without_root(monkeypatch, capsys):
    monkeypatch.setattr(browsers.os, "geteuid", lambda: 1000)
    on_path = {"apt-get": "/usr/bin/apt-get"}  # and no sudo
    monkeypatch.setattr(browsers.shutil, "which", on_path.get)
    monkeypatch.setattr(browsers.subprocess, "run", pytest.fail)
    assert browsers.install_debian_chromium() is False
    assert "needs root or password-less sudo" in capsys.readouterr().err
