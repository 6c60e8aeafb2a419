"""The README's production section shows the configuration files as they are, not a sketch."""

import re

import pytest

from deploy.topology import DEPLOY, PROJECT

CODE_BLOCKS = re.findall(r"```[a-z]*\n(.*?)```", (PROJECT / "README.md").read_text(), re.S)


@pytest.mark.parametrize("name", ["nginx.conf", "gunicorn.conf.py", "replica.conf"])
def test_the_readme_shows_each_configuration_file_whole(name):
    assert (DEPLOY / name).read_text() in CODE_BLOCKS
