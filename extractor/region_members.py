"""The region_members table: which countries a bloc or world region holds, so that records can be aggregated.

Data: patterns/region_members.json (built by scripts/build_gazetteer.py from UN M49 sub-regions and the bloc lists
in patterns/region_bloc_members.json). One row per (region, member), readable on its own:

    region  region_name         member  member_name
    EU      European Union      FR      France
    035     South-eastern Asia  VN      Vietnam

No spaCy here: the store calls this on every open, so it must stay light. It rewrites the table only when its rows
differ from the data (a new patterns version), so opening a store is cheap and concurrent openers do not fight.

Example:
    >>> import sqlite_utils
    >>> db = sqlite_utils.Database(memory=True)
    >>> ensure_region_members(db)
    >>> db.execute("select member from region_members where region = 'USMCA' order by member").fetchall()
    [('CA',), ('MX',), ('US',)]
"""
from __future__ import annotations

import sqlite_utils

from extractor.patterns import load_json
from extractor.region_gazetteer import gazetteer

TABLE = "region_members"
COLUMNS = {"region": str, "region_name": str, "member": str, "member_name": str}


def member_rows() -> list[dict[str, str]]:
    """every (region, member) pair from patterns/region_members.json, in a stable order"""
    names = gazetteer()
    rows = []
    for region, group in sorted(load_json("region_members.json").items()):
        for member in group["members"]:
            info = names.get(member)
            rows.append({"region": region, "region_name": group["name"], "member": member,
                         "member_name": info.name if info else member})
    return rows


def ensure_region_members(db: sqlite_utils.Database) -> None:
    """Create the region_members table, or refresh it where its rows differ from the data in patterns/."""
    rows = member_rows()
    table = db[TABLE]
    if table.exists():
        current = {tuple(r[c] for c in COLUMNS) for r in table.rows}
        if current == {tuple(r[c] for c in COLUMNS) for r in rows}:
            return
    with db.conn:
        # two processes may open a fresh store at once: creating and replacing must both be safe to repeat
        table.create(COLUMNS, pk=("region", "member"), if_not_exists=True)
        table.delete_where()
        table.insert_all(rows, replace=True)
    table.create_index(["member"], if_not_exists=True)
