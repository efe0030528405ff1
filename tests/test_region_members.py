"""The region_members table on a real SQLite file: built from patterns/, refreshed only when it differs."""
from __future__ import annotations

import sqlite_utils

from extractor.region_members import ensure_region_members, member_rows


def members(db, region: str) -> set[str]:
    return {r[0] for r in db.execute("select member from region_members where region = ?", [region]).fetchall()}


def test_table_is_created_with_readable_columns_and_a_composite_key(tmp_path):
    path = tmp_path / "regions.db"
    ensure_region_members(sqlite_utils.Database(path))
    db = sqlite_utils.Database(path)  # reopened: the rows are on disk
    table = db["region_members"]
    assert [c.name for c in table.columns] == ["region", "region_name", "member", "member_name"]
    assert table.pks == ["region", "member"]
    assert not table.foreign_keys
    row = db.execute("select region_name, member_name from region_members where region = 'EU' and member = 'FR'")
    assert row.fetchone() == ("European Union", "France")


def test_blocs_and_m49_regions_hold_the_right_members(tmp_path):
    db = sqlite_utils.Database(tmp_path / "regions.db")
    ensure_region_members(db)
    assert len(members(db, "EU")) == 27 and "GB" not in members(db, "EU")
    assert members(db, "EZ") < members(db, "EU")
    assert members(db, "USMCA") == {"US", "MX", "CA"}
    assert {"VN", "TH", "ID", "PH"} <= members(db, "035") and "CN" not in members(db, "035")
    assert members(db, "202") < members(db, "002") and "EG" not in members(db, "202")
    assert members(db, "030") | members(db, "035") <= members(db, "142")
    assert {"BR", "MX", "CU"} <= members(db, "419") and "US" in members(db, "021")
    assert {"SA", "TR", "IL"} <= members(db, "145")
    assert members(db, "001") >= members(db, "150") | members(db, "142") | members(db, "002")
    assert "SU" in members(db, "COMECON")


def test_refresh_is_idempotent_and_repairs_drift(tmp_path):
    path = tmp_path / "regions.db"
    db = sqlite_utils.Database(path)
    ensure_region_members(db)
    count = db["region_members"].count
    assert count == len(member_rows())
    ensure_region_members(db)
    assert db["region_members"].count == count
    # a stale table (an older patterns version) is brought back to the data
    db.execute("delete from region_members where region = 'EU'")
    db.execute("insert into region_members values ('EU', 'European Union', 'GB', 'United Kingdom')")
    db.conn.commit()
    ensure_region_members(sqlite_utils.Database(path))
    db = sqlite_utils.Database(path)
    assert db["region_members"].count == count
    assert "GB" not in members(db, "EU") and "FR" in members(db, "EU")


def test_works_beside_the_store_tables(tmp_path):
    from extractor.store import Store
    path = tmp_path / "newsfacts.db"
    store = Store(path)
    ensure_region_members(store.db)
    ensure_region_members(Store(path).db)  # a second opener finds it current
    db = sqlite_utils.Database(path)
    assert {"articles", "regions", "region_members"} <= set(db.table_names())
    assert db["region_members"].count == len(member_rows())
