"""The project's scorer agrees with ../shared/eval/score.py, the one newsfacts is judged by."""
import json
import subprocess
import sys

import pytest

from extractor.scoring import extract_gold, read_jsonl, score


@pytest.mark.parametrize("gold_name", ["seed-gold.jsonl", "trade-dev.jsonl", "newsquant-dev-mp.jsonl"])
def test_own_scorer_agrees_with_reference(shared_eval, fast_extractor, tmp_path, gold_name):
    gold_path = shared_eval / gold_name
    system = extract_gold(gold_path, mode="fast")
    sys_path = tmp_path / "sys.jsonl"
    sys_path.write_text("\n".join(json.dumps(a) for a in system.values()), encoding="utf-8")
    ref = subprocess.run([sys.executable, str(shared_eval / "score.py"), str(gold_path), str(sys_path), "--json",
                          "--errors", "500"], capture_output=True, text=True, check=True)
    expected = json.loads(ref.stdout)
    ours = json.loads(json.dumps(score(read_jsonl(gold_path), system, errors=500)))
    assert ours == expected


def test_scorer_counts_a_wrong_value_as_both_miss_and_extra():
    gold = {"a": {"id": "a", "figures": [{"text": "5%", "start": 0, "end": 2, "value": 5.0, "unit": "%"}],
                  "quotes": [], "regions": []}}
    system = {"a": {"id": "a", "figures": [{"text": "5%", "start": 0, "end": 2, "value": 6.0, "unit": "%"}]}}
    r = score(gold, system)
    assert r["figure_value"] == (0.0, 0.0, 0.0)
