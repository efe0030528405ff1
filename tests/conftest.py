"""Fixtures shared by the whole suite: one Extractor per mode (loading spaCy once), and where ../shared is."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def fast_extractor():
    from extractor.extract import Extractor
    return Extractor(mode="fast")


@pytest.fixture(scope="session")
def accurate_extractor():
    from extractor.extract import Extractor
    return Extractor(mode="accurate")


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    path = SHARED / "eval"
    if not path.is_dir():
        pytest.fail(f"{path} is missing: the accuracy tests need ../shared/eval beside the checkout")
    return path
