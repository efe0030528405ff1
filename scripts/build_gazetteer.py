#!/usr/bin/env python3
"""Build the region gazetteer (patterns/regions.jsonl) and the membership table data (patterns/region_members.json).

Sources, merged in this order (later wins where two codes claim the same surface form):
    pycountry          ISO 3166-1 names, official and common names; ISO 3166-3 former countries
    country_converter  short names ("Russia", "South Korea") and each country's UN M49 sub-region and bloc columns
    patterns/region_aliases.json   curated: abbreviations, demonyms, seats, blocs, M49 regions, historic codes

The output is committed, so extraction at run time needs neither pycountry nor country_converter.
Run from the repository root after editing region_aliases.json:

    .venv/bin/python scripts/build_gazetteer.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pycountry

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = ROOT / "patterns"

# UN M49 hierarchy: sub-region name (as country_converter spells it) -> code, and which larger regions hold it
M49_SUBREGIONS = {
    "Northern Africa": "015", "Eastern Africa": "014", "Middle Africa": "017", "Southern Africa": "018",
    "Western Africa": "011", "Caribbean": "029", "Central America": "013", "South America": "005",
    "Northern America": "021", "Central Asia": "143", "Eastern Asia": "030", "South-eastern Asia": "035",
    "Southern Asia": "034", "Western Asia": "145", "Eastern Europe": "151", "Northern Europe": "154",
    "Southern Europe": "039", "Western Europe": "155", "Australia and New Zealand": "053", "Melanesia": "054",
    "Micronesia": "057", "Polynesia": "061",
}
M49_PARENTS = {
    "015": ["002"], "014": ["202", "002"], "017": ["202", "002"], "018": ["202", "002"], "011": ["202", "002"],
    "029": ["419", "019"], "013": ["419", "019"], "005": ["419", "019"], "021": ["019"],
    "143": ["142"], "030": ["142"], "035": ["142"], "034": ["142"], "145": ["142"],
    "151": ["150"], "154": ["150"], "039": ["150"], "155": ["150"],
    "053": ["009"], "054": ["009"], "057": ["009"], "061": ["009"],
}
# Asia-Pacific is no M49 region; news means East, South-east and South Asia with Oceania
APAC_FROM = ["030", "035", "034", "009"]
# demonyms that are already plural or have no -s plural
NO_PLURAL_ENDINGS = ("sh", "ch", "ss", "ese", "z", "y", "x", "s", "'s")


def coco_table() -> pd.DataFrame:
    import country_converter

    path = Path(country_converter.__file__).with_name("country_data.tsv")
    # keep_default_na: Namibia's code "NA" must stay a string
    return pd.read_csv(path, sep="\t", keep_default_na=False, dtype=str)


def plain(name: str | None) -> str | None:
    """ISO names like "Korea, Republic of" or "Holy See (Vatican City State)" are never written in news"""
    if not name or "," in name or "(" in name:
        return None
    return name[4:] if name.startswith("the ") else name


def without_article(forms: list[str]) -> list[str]:
    """a mention's text leaves out the article ("the Philippines" -> "Philippines"); "The Hague" keeps it"""
    return [f[4:] if f[:4] in ("the ", "The ") and f != "The Hague" else f for f in forms]


def plurals(demonyms: list[str]) -> list[str]:
    out = []
    for d in demonyms:
        out.append(d)
        if not d.endswith(NO_PLURAL_ENDINGS) and d not in ("Swiss", "Dutch", "British", "Irish", "Welsh", "Scottish"):
            out.append(d + "s")
    return out


def build() -> tuple[list[dict], dict]:
    curated = json.loads((PATTERNS / "region_aliases.json").read_text(encoding="utf-8"))
    coco = coco_table()
    coco_by_iso2 = {row.ISO2: row for row in coco.itertuples()}

    entries: dict[str, dict] = {}

    def entry(code: str, name: str, kind: str, id_prefix: str) -> dict:
        return entries.setdefault(code, {"id": f"{id_prefix}-{code}", "code": code, "name": name, "kind": kind,
                                         "names": [], "demonyms": [], "seats": [], "always_seats": []})

    for c in pycountry.countries:
        row = coco_by_iso2.get(c.alpha_2)
        short = row.name_short if row is not None else None
        name = plain(getattr(c, "common_name", None)) or plain(short) or plain(c.name) or c.name
        e = entry(c.alpha_2, name, "country", "country")
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), short,
                  row.name_official if row is not None else None):
            if plain(n):
                e["names"].append(plain(n))
    for code, extra in curated.get("extra_countries", {}).items():
        entry(code, extra["name"], "country", "country")["names"] += extra["names"]

    historic = curated["historic"]
    for code, h in historic["keep"].items():
        e = entry(code, h["name"], "country", "country")
        e["names"] += h.get("names", [])
        e["demonyms"] += h.get("demonyms", [])

    for code, forms in curated["countries"].items():
        e = entries[code]
        for key in ("names", "demonyms", "seats", "always_seats"):
            e[key] += forms.get(key, [])
    entries["TR"]["names"].append("Turkey")
    entries["TR"]["name"] = "Turkey"

    for code, b in curated["blocs"].items():
        e = entry(code, b["name"], "bloc", "bloc")
        e["names"] += b.get("names", [])
        e["seats"] += b.get("seats", [])
    for code, r in curated["regions"].items():
        e = entry(code, r["name"], "region", "region")
        e["names"] += r.get("names", [])
        e["demonyms"] += r.get("demonyms", [])
    entries["145"]["name"] = "Western Asia and the Middle East"
    entries["EZ"]["name"] = "Eurozone"
    for code in ("SU", "YU", "DD", "CS"):
        entries[code]["name"] = historic["keep"][code]["name"]

    # one code per surface form: curated lists were applied last, so a form they list wins
    owner: dict[str, str] = {}
    curated_forms = set()
    for code, forms in [*curated["countries"].items(), *historic["keep"].items(), *curated["blocs"].items(),
                        *curated["regions"].items()]:
        for key in ("names", "demonyms", "seats", "always_seats"):
            for f in forms.get(key, []):
                curated_forms.add((f, code))
    for code, e in entries.items():
        for key in ("names", "demonyms", "seats", "always_seats"):
            seen = []
            for f in without_article(plurals(e[key]) if key == "demonyms" else e[key]):
                if f in seen:
                    continue
                if f in owner and owner[f] != code:
                    if (f, code) in curated_forms and (f, owner[f]) not in curated_forms:
                        drop_form(entries[owner[f]], f)
                    else:
                        continue
                owner[f] = code
                seen.append(f)
            e[key] = seen

    members = build_members(curated, coco, entries)
    return sorted(entries.values(), key=lambda e: (e["kind"], e["code"])), members


def drop_form(e: dict, form: str) -> None:
    for key in ("names", "demonyms", "seats", "always_seats"):
        if form in e[key]:
            e[key].remove(form)


def build_members(curated: dict, coco: pd.DataFrame, entries: dict) -> dict:
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    groups: dict[str, set[str]] = {"001": set(countries)}
    for row in coco.itertuples():
        if row.ISO2 not in entries or row.UNregion not in M49_SUBREGIONS:
            continue
        sub = M49_SUBREGIONS[row.UNregion]
        for code in (sub, *M49_PARENTS[sub]):
            groups.setdefault(code, set()).add(row.ISO2)
    for code, sub in curated["historic"]["m49"].items():
        if not code.startswith("_"):
            for region in (sub, *M49_PARENTS[sub]):
                groups.setdefault(region, set()).add(code)
    groups["001"] |= set().union(*(groups[s] for s in M49_SUBREGIONS.values() if s in groups))
    groups["APAC"] = set().union(*(groups[c] for c in APAC_FROM))
    for bloc, codes in curated_members().items():
        groups[bloc] = set(codes)
    out = {}
    for code in sorted(groups):
        if code not in entries:
            print(f"warning: membership for unknown region {code}", file=sys.stderr)
            continue
        out[code] = {"name": entries[code]["name"], "members": sorted(groups[code])}
    return out


def curated_members() -> dict[str, list[str]]:
    data = json.loads((PATTERNS / "region_bloc_members.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def main() -> int:
    entries, members = build()
    lines = [json.dumps(e, ensure_ascii=False) for e in entries]
    (PATTERNS / "regions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (PATTERNS / "region_members.json").write_text(
        "{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in members.items())
        + "\n}\n", encoding="utf-8")
    print(f"{len(entries)} regions, {len(members)} groups with members")
    return 0


if __name__ == "__main__":
    sys.exit(main())
