"""scripts/serve_rasa.py: Rasa's API token reaches `rasa run` from the environment, not from `ps`."""

from __future__ import annotations

import argparse

import pytest

from scripts.serve_rasa import rasa_argv


def test_the_token_from_the_environment_is_added_for_rasa() -> None:
    argv = rasa_argv(["run", "--enable-api"], {"MW_RASA_TOKEN": "t0ken"})
    assert argv == ["rasa", "run", "--enable-api", "--auth-token=t0ken"]


def test_a_token_that_starts_with_a_dash_is_not_taken_for_an_option() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth-token")
    parsed = parser.parse_args(rasa_argv([], {"MW_RASA_TOKEN": "-x1"})[1:])
    assert parsed.auth_token == "-x1"


def test_without_a_token_rasa_runs_without_one() -> None:
    assert rasa_argv(["run"], {}) == ["rasa", "run"]


@pytest.mark.parametrize("argument", ["--auth-token", "--auth-token=visible"])
def test_a_token_on_the_command_line_is_refused(argument: str) -> None:
    with pytest.raises(SystemExit):
        rasa_argv(["run", argument, "visible"], {"MW_RASA_TOKEN": "t0ken"})
