"""System packages and commands that need root or the postgres user."""

import os
import shutil
import subprocess

# command -> the Debian package that brings it
PACKAGES = {
    "nginx": "nginx",
    "wrk": "wrk",
    "pg_basebackup": "postgresql-client",
    "redis-cli": "redis-tools",
}


def as_root(command: list[str]) -> list[str]:
    # -n: fail rather than wait for a password nobody will type.
    return command if os.geteuid() == 0 else ["sudo", "-n", *command]


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; as any other user it runs as that user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def find_command(name: str) -> str | None:
    """The command's path; nginx lives in /usr/sbin, which a plain user's PATH may not have."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def install_missing(*commands: str, extra_packages: tuple[str, ...] = ()) -> list[str]:
    """apt-get install the packages of the commands that are not found; the packages it
    installed. Raises SystemExit with one sentence when that cannot be done."""
    missing = [PACKAGES[command] for command in commands if find_command(command) is None]
    missing += [package for package in extra_packages if not package_installed(package)]
    if not missing:
        return []
    if os.geteuid() != 0 and shutil.which("sudo") is None:
        raise SystemExit(f"{', '.join(missing)} missing: install them (apt-get install) as root.")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        result = subprocess.run(as_root(command), env=environment, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    return missing


def package_installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return result.stdout.endswith(" installed")


def say(message: str) -> None:
    print(f"cluster: {message}", flush=True)


class ClusterFailed(SystemExit):
    """Stops make cluster with one sentence (and exit status 1)."""

    def __init__(self, message: str):
        super().__init__(f"cluster: {message}")
