"""Start `rasa run` with its API token taken from the environment, never from the command line.

`rasa run --auth-token TOKEN` would show the token to every local user in `ps` (and the token opens
every conversation's tracker through Rasa's HTTP API). This launcher reads `MW_RASA_TOKEN` and
hands it to Rasa's own CLI inside the process: `/proc/<pid>/cmdline` keeps the arguments the
process was started with, so the token appears only in the process's environment, which only
its own user can read.

Runs in .venv-rasa; scripts/stack.py starts it under supervisord:

    MW_RASA_TOKEN=... .venv-rasa/bin/python -m scripts.serve_rasa run --enable-api --model ...
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

TOKEN_VARIABLE = "MW_RASA_TOKEN"


def rasa_argv(args: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """The argument vector for Rasa's CLI: `args`, plus `--auth-token` from the environment."""
    if any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in args):
        raise SystemExit(f"pass Rasa's API token in {TOKEN_VARIABLE}, not as an argument")
    token = environ.get(TOKEN_VARIABLE, "")
    # One word: a token may start with "-", which argparse would take for an option.
    return ["rasa", *args, *([f"--auth-token={token}"] if token else [])]


def main() -> None:
    sys.argv = rasa_argv(sys.argv[1:], os.environ)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
