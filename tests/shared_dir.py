"""Where the team's shared folder is (facts, the scenario driver): beside this repository, or
wherever MW_SHARED_DIR says (a clone elsewhere, e.g. in CI)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _find() -> Path:
    candidates = [Path(os.environ["MW_SHARED_DIR"])] if os.environ.get("MW_SHARED_DIR") else []
    candidates += [ROOT.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if (candidate / "facts").is_dir():
            return candidate
    return candidates[0]


SHARED = _find()
