"""Where the public CRM datasets live: ../shared/datasets next to the checkout (never copied into it)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dataset(relative: str) -> Path:
    """A file under the shared datasets folder; skips the test (saying why) when it is not there."""
    candidates = []
    if os.environ.get("CHENGDAN_DATASETS"):
        candidates.append(Path(os.environ["CHENGDAN_DATASETS"]))
    # The checkout may sit beside `shared/` or deeper (a CI clone under a work folder).
    candidates += [parent / "shared" / "datasets" for parent in ROOT.parents]
    candidates.append(Path("/work/shared/datasets"))
    for folder in candidates:
        if (folder / relative).is_file():
            return folder / relative
    pytest.skip(f"dataset {relative} not found (set CHENGDAN_DATASETS to the shared datasets folder)")
