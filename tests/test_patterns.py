"""Pattern files are data: every file loads, every pattern has a unique id, and the version tracks their bytes."""
import json
import shutil

import pytest

from extractor import patterns


def test_every_jsonl_pattern_file_loads_with_unique_ids():
    root = patterns.patterns_dir()
    files = sorted(root.glob("*.jsonl"))
    assert files, "no pattern files"
    for path in files:
        items = patterns.load_jsonl(path.name)
        ids = [p["id"] for p in items]
        assert len(ids) == len(set(ids)), f"{path.name}: duplicate ids"


def test_every_json_lexicon_loads():
    for path in sorted(patterns.patterns_dir().glob("*.json")):
        assert patterns.load_json(path.name), path.name


def test_bad_pattern_file_is_named_with_its_line(tmp_path, monkeypatch):
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "pattern": []}\n{"pattern": []}\n', encoding="utf-8")
    monkeypatch.setattr(patterns, "patterns_dir", lambda: tmp_path)
    patterns.load_jsonl.cache_clear()
    try:
        with pytest.raises(patterns.PatternError, match=r"bad.jsonl:2: a pattern needs an \"id\""):
            patterns.load_jsonl("bad.jsonl")
        (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
        with pytest.raises(patterns.PatternError, match="holds no patterns"):
            patterns.load_jsonl("empty.jsonl")
    finally:
        patterns.load_jsonl.cache_clear()


def test_version_changes_when_a_pattern_file_changes(tmp_path, monkeypatch):
    copy = tmp_path / "patterns"
    shutil.copytree(patterns.patterns_dir(), copy)
    monkeypatch.setattr(patterns, "patterns_dir", lambda: copy)
    patterns.patterns_version.cache_clear()
    try:
        before = patterns.patterns_version()
        assert before == patterns.patterns_version()
        first = sorted(copy.glob("*.json"))[0]
        data = json.loads(first.read_text())
        first.write_text(json.dumps(data) + "\n")
        patterns.patterns_version.cache_clear()
        assert patterns.patterns_version() != before
    finally:
        patterns.patterns_version.cache_clear()
