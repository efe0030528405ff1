"""`newsfacts extract` end to end on real files and a real SQLite database, run as a subprocess."""
import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ("Chile's copper exports rose 12% to $4.1 billion in March, the central bank said.\n"
           "\"Demand from China stayed firm,\" said Rosa Mena, an economist at Banco Austral.")


def newsfacts(*args, cwd=None):
    exe = Path(sys.executable).parent / "newsfacts"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def counts(db):
    con = sqlite3.connect(db)
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("articles", "figures", "quotes", "regions", "errors")}


def test_every_input_kind_is_read_and_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "chile.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "page.html").write_text(f"<html><head><title>Copper</title></head><body><p>{ARTICLE}</p></body></html>",
                                      encoding="utf-8")
    rows = [{"id": "j1", "title": "T", "published": "2025-04-02", "text": ARTICLE}]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": ARTICLE}) + "\n")
    db, out = tmp_path / "nf.db", tmp_path / "out.jsonl"
    result = newsfacts("extract", folder, "--db", db, "--jsonl", out)
    assert result.returncode == 0, result.stderr
    assert "articles" in result.stdout and "figures" in result.stdout  # the summary table
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["id"] for a in got) == ["chile", "g1", "j1", "page"]
    for a in got:
        assert set(a) >= {"id", "url", "title", "published", "text", "figures", "quotes", "regions"}
        assert any(f["value"] == 12.0 and f["unit"] == "%" for f in a["figures"])
        assert any(f["value"] == pytest.approx(4.1e9) and f["unit"] == "USD" for f in a["figures"])
        for rec in a["figures"] + a["quotes"] + a["regions"]:
            assert a["text"][rec["start"]:rec["end"]] == rec["text"]
            assert rec["pattern_id"] and rec["patterns_version"] and rec["extractor_version"]
    assert counts(db)["articles"] == 4


def test_second_run_on_same_inputs_leaves_counts_unchanged(tmp_path):
    src = ROOT / "corpus"
    db = tmp_path / "nf.db"
    assert newsfacts("extract", src, "--db", db, "--quiet").returncode == 0
    first = counts(db)
    assert first["articles"] >= 7 and first["figures"] > 0 and first["regions"] > 0
    assert newsfacts("extract", src, "--db", db, "--quiet").returncode == 0
    assert counts(db) == first
    runs = sqlite3.connect(db).execute("select count(*), min(patterns_changed) from runs").fetchone()
    assert runs == (2, 0)


def test_bad_inputs_are_reported_recorded_and_do_not_stop_the_run(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    lines = tmp_path / "mixed.jsonl"
    lines.write_text(json.dumps({"id": "ok1", "text": ARTICLE}) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n",
                     encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    db = tmp_path / "nf.db"
    result = newsfacts("extract", good, empty, binary, lines, locked, tmp_path / "missing.txt", "--db", db)
    assert result.returncode == 1
    err = result.stderr
    assert f"{empty}: no article text" in err
    assert f"{binary}: binary file" in err
    assert f"{lines}:2: not JSON" in err
    assert f"{lines}:3: missing or empty \"text\"" in err
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in err
    if os.geteuid() != 0:  # root reads any file, so the permission case only shows for other users
        assert f"{locked}: " in err
    c = counts(db)
    assert c["articles"] >= 2 and c["errors"] == err.count("error:")
    stored = sqlite3.connect(db).execute("select source, line from errors where line is not null").fetchall()
    assert (str(lines), 2) in stored


def test_errors_do_not_lose_what_is_already_stored(tmp_path):
    db = tmp_path / "nf.db"
    ok = tmp_path / "ok.txt"
    ok.write_text(ARTICLE, encoding="utf-8")
    assert newsfacts("extract", ok, "--db", db, "--quiet").returncode == 0
    before = counts(db)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[1, 2]\n", encoding="utf-8")
    assert newsfacts("extract", bad, "--db", db, "--quiet").returncode == 1
    after = counts(db)
    assert after["figures"] == before["figures"] and after["articles"] == before["articles"]
    assert after["errors"] == 1


def test_unsupported_file_type_is_named(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = newsfacts("extract", pdf, "--db", tmp_path / "nf.db")
    assert result.returncode == 1
    assert "report.pdf: unsupported file type '.pdf'" in result.stderr


def test_help_of_every_command_has_an_example():
    result = newsfacts("--help")
    assert result.returncode == 0
    for name in ("extract", "eval"):
        sub = newsfacts(name, "--help")
        assert sub.returncode == 0 and "Example:" in sub.stdout, name
