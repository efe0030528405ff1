"""The quality gate: every measure on the dev gold sets stays at or above its floor in tests/eval_baseline.json."""
import json

import pytest

from eval_gate import BASELINE, GOLD_SETS, measure, slack

FLOORS = json.loads(BASELINE.read_text())


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_holds_its_floor(name, accurate_extractor):
    if not GOLD_SETS[name].exists():
        pytest.fail(f"{GOLD_SETS[name]} is missing: CI runs with ../shared beside the checkout")
    got = measure(name, extractor=accurate_extractor)
    below = {k: (got.get(k), floor) for k, floor in FLOORS[name].items() if got.get(k, 0.0) < floor - slack(k)}
    assert not below, f"{name}: below the floor (measured, floor): {below}"
