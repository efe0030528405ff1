"""Builds tests/gold/corpus-gold.jsonl: hand labels, in SCHEMA.md's shape, for the team's own articles in
corpus/articles.jsonl (the seed article there is scored against ../shared/eval/seed-gold.jsonl instead). Offsets are found, never typed:
each label names its surface text and, where it repeats, a phrase it follows.

    python tests/gold/build_corpus_gold.py
"""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def F(text, value, unit, direction, kind, metric, metric_text=None, reporter=None, partner=None, period=None,
      basis=None, forecast=False, record=False, qualifier="=", after=""):
    return dict(text=text, value=float(value), unit=unit, qualifier=qualifier, direction=direction, kind=kind,
                metric=metric, metric_text=metric_text, reporter=reporter, partner=partner, period=period,
                basis=basis, forecast=forecast, record=record, _after=after)


def Q(text, kind, speaker, cue, speaker_mention, title=None, organization=None, speaker_type="person", after="",
      mention_after=""):
    return dict(text=text, kind=kind, speaker=speaker, speaker_type=speaker_type, title=title,
                organization=organization, cue=cue, _mention=speaker_mention, _after=after, _mention_after=mention_after)


LABELS = {
    "vietnam-exports-record": {
        "figures": [
            F("12.4%", 12.4, "%", "up", "change", "exports", "exports", "VN", None, "2025-10", "yoy"),
            F("$38.6 billion", 38.6e9, "USD", "up", "level", "exports", "exports", "VN", None, "2025-10", record=True),
            F("21%", 21, "%", "up", "change", "exports", "Shipments", "VN", "US"),
            F("$11.2 billion", 11.2e9, "USD", "up", "level", "exports", "Shipments", "VN", "US"),
            F("6.5%", 6.5, "%", "up", "change", "exports", "exports", "VN", "EU"),
            F("9.8%", 9.8, "%", "up", "change", "imports", "Imports", "VN"),
            F("$35.1 billion", 35.1e9, "USD", "up", "level", "imports", "Imports", "VN"),
            F("$3.5 billion", 3.5e9, "USD", None, "level", "trade_surplus", "trade surplus", "VN", qualifier="~"),
            F("6.8%", 6.8, "%", None, "level", "gdp_growth", "growth", "VN", None, "2025", forecast=True),
            F("6.5%", 6.5, "%", None, "level", "gdp_growth", "target", "VN", None, "2025", forecast=True, after="target"),
            F("46%", 46, "%", None, "level", "tariff", "tariffs", qualifier="<"),
        ],
        "quotes": [
            Q("Vietnam's exports climbed 12.4% from a year earlier to a record $38.6 billion in October", "indirect",
              "General Statistics Office", "said", "General Statistics Office", speaker_type="organization"),
            Q("Orders for the fourth quarter are already stronger than we planned for,", "direct", "Nguyen Thi Lan",
              "said", "Nguyen Thi Lan", "deputy director", "Vietnam Electronics Industries Association"),
            Q("Buyers are moving faster than anyone expected.", "direct", "Nguyen Thi Lan", "said", "Nguyen Thi Lan",
              "deputy director", "Vietnam Electronics Industries Association"),
            Q("the surplus with the U.S. could draw scrutiny from Washington", "indirect", "Frederic Neumann",
              "warned", "Frederic Neumann", "chief Asia economist", "HSBC"),
            Q("tariffs of up to 46% remained a risk for Vietnamese exporters", "indirect", "Frederic Neumann", "said",
              "He", "chief Asia economist", "HSBC"),
        ],
        "regions": [("Vietnam", "VN"), ("US", "US"), ("Vietnam", "VN"), ("China", "CN"), ("United States", "US"),
                    ("European Union", "EU"), ("Hanoi", "VN"), ("Asia", "142"), ("U.S.", "US"),
                    ("Washington", "US"), ("Vietnamese", "VN")],
    },
    "eu-steel-safeguard": {
        "figures": [
            F("30%", 30, "%", "up", "change", "imports", "imports", "EU", None, "2025-01/2025-09", qualifier=">"),
            F("25%", 25, "%", None, "level", "tariff", "tariff", "EU"),
            F("31 million tonnes", 31e6, "tonne", None, "level", "imports", "steel imports", "EU"),
            F("18,000 jobs", 18000, "job", "down", "change", "employment", "jobs", "EU"),
            F("4%", 4, "%", "down", "change", "price", "Steel prices", "150", None, "2025-Q3"),
            F("2.1 million tonnes", 2.1e6, "tonne", "down", "change", "production", "output", "150", None, "2025-Q3"),
            F("32.5 million tonnes", 32.5e6, "tonne", "down", "level", "production", "output", "150", None, "2025-Q3"),
        ],
        "quotes": [
            Q("The European Union will extend its steel safeguard measures for another two years", "indirect",
              "European Commission", "said", "European Commission", speaker_type="organization"),
            Q("We cannot let unfair competition destroy our industry,", "direct", "Maros Sefcovic", "told",
              "Maros Sefcovic", "trade commissioner", "EU"),
            Q("the Commission would review the quotas every six months", "indirect", "Maros Sefcovic", "added", "He",
              "trade commissioner", "EU"),
            Q("the move breached the customs union and that Turkey would take the matter to the World Trade Organization",
              "indirect", "Omer Bolat", "said", "Omer Bolat", "Turkish Trade Minister"),
        ],
        "regions": [("EU", "EU"), ("Turkey", "TR"), ("India", "IN"), ("European Union", "EU"), ("Turkey", "TR"),
                    ("India", "IN"), ("EU", "EU"), ("EU", "EU"), ("Ankara", "TR"),
                    ("Turkish", "TR"), ("Turkey", "TR"), ("Europe", "150")],
    },
    "japan-trade-deficit": {
        "figures": [
            F("1.07 trillion yen", 1.07e12, "JPY", "up", "level", "trade_deficit", "trade deficit", "JP", None, "2025-08"),
            F("$7.2 billion", 7.2e9, "USD", "up", "level", "trade_deficit", "trade deficit", "JP", None, "2025-08"),
            F("640 billion yen", 640e9, "JPY", None, "level", "trade_deficit", "trade deficit", "JP", None, "2024-08"),
            F("1.2%", 1.2, "%", "down", "change", "exports", "Exports", "JP", None, None, "yoy"),
            F("9.7%", 9.7, "%", "down", "change", "exports", "car shipments", "JP", "US"),
            F("2.3%", 2.3, "%", "up", "change", "imports", "Imports", "JP"),
            F("1.5%", 1.5, "%", "up", "change", "imports", None, "JP", forecast=True),
            F("0.5%", 0.5, "%", None, "level", "interest_rate", "interest rate", "JP"),
            F("3.4%", 3.4, "%", "down", "change", "exports", "Exports", "JP", "CN"),
            F("1.8%", 1.8, "%", "up", "change", "exports", "shipments", "JP", "142"),
        ],
        "quotes": [
            Q("the deficit was likely to persist through the end of the year", "indirect", "Takeshi Minami", "said",
              "Takeshi Minami", "chief economist", "Norinchukin Research Institute"),
            Q("Energy imports will stay expensive as long as the yen remains this weak,", "direct", "Takeshi Minami",
              "said", "Minami", "chief economist", "Norinchukin Research Institute", mention_after="weak,"),
        ],
        "regions": [("Japan", "JP"), ("Japan", "JP"), ("United States", "US"), ("China", "CN"), ("Japan", "JP"),
                    ("Asia", "142")],
    },
    "uk-india-trade-deal": {
        "figures": [
            F("150%", 150, "%", None, "level", "tariff", "tariffs", "IN", "GB"),
            F("75%", 75, "%", "down", "level", "tariff", "tariffs", "IN", "GB"),
            F("40%", 40, "%", "down", "level", "tariff", "tariffs", "IN", "GB"),
            F("£42 billion", 42e9, "GBP", None, "level", "trade_volume", "Bilateral trade", "GB", "IN", "2024",
              qualifier="~"),
            F("£25.5 billion", 25.5e9, "GBP", "up", "change", "trade_volume", "Bilateral trade", "GB", "IN",
              forecast=True),
            F("20%", 20, "%", "up", "change", "sales", "sales", "IN", "GB", forecast=True),
            F("£1 billion", 1e9, "GBP", "up", "change", "exports", "exports", "GB", forecast=True),
            F("0.3%", 0.3, "%", "up", "change", "exchange_rate", "pound", "GB"),
        ],
        "quotes": [
            Q("This is a landmark deal that will create jobs and growth in every corner of the country,", "direct",
              "Keir Starmer", "said in a statement", "Keir Starmer", "Prime Minister"),
            Q("the agreement would open markets for Indian textiles and footwear", "indirect", "Piyush Goyal", "said",
              "Piyush Goyal", "Indian Commerce Minister"),
            Q("exporters of garments could see sales to the UK rise by 20% within three years", "indirect",
              "Piyush Goyal", "according to", "Goyal", "Indian Commerce Minister"),
            Q("the deal could add £1 billion to UK exports over five years", "indirect", "Scotch Whisky Association",
              "said", "Scotch Whisky Association", speaker_type="organization"),
        ],
        "regions": [("Britain", "GB"), ("India", "IN"), ("Britain", "GB"), ("India", "IN"), ("Indian", "IN"),
                    ("British", "GB"), ("Indian", "IN"), ("Indian", "IN"), ("UK", "GB"), ("UK", "GB")],
    },
    "brazil-soy-china": {
        "figures": [
            F("73 million tonnes", 73e6, "tonne", None, "level", "exports", "shipped", "BR", "CN", "2025-01/2025-10",
              record=True),
            F("8%", 8, "%", "up", "change", "exports", "shipped", "BR", "CN", "2025-01/2025-10", "yoy"),
            F("12 million tonnes", 12e6, "tonne", "down", "level", "exports", "Exports", "US", "CN"),
            F("$5.2 billion", 5.2e9, "USD", "down", "level", "trade_surplus", "trade surplus", "BR", None, "2025-10"),
            F("$8.9 billion", 8.9e9, "USD", None, "level", "trade_surplus", "trade surplus", "BR", None, "2024-10"),
            F("11.6%", 11.6, "%", "up", "change", "imports", "imports", "BR"),
            F("170 million tonnes", 170e6, "tonne", None, "level", "production", "harvest", "BR", forecast=True),
            F("3%", 3, "%", "up", "change", "production", "harvest", "BR", forecast=True, qualifier="~"),
            F("9%", 9, "%", None, "level", "exports", "exports", "BR", "MERCOSUR"),
        ],
        "quotes": [
            Q("China has turned to us because it trusts our supply,", "direct", "Carlos Favaro", "told",
              "Carlos Favaro", "Agriculture Minister"),
            Q("Brazil's harvest was forecast at 170 million tonnes, about 3% above this year's crop", "indirect",
              "Ana Luiza Lodi", "noted", "Ana Luiza Lodi", "analyst", "StoneX"),
        ],
        "regions": [("Brazil", "BR"), ("China", "CN"), ("U.S.", "US"), ("Brazil", "BR"), ("China", "CN"),
                    ("United States", "US"), ("China", "CN"), ("Beijing", "CN"), ("South America", "005"),
                    ("Washington", "US"), ("Brazil", "BR"), ("China", "CN"), ("Brazil", "BR"),
                    ("MERCOSUR", "MERCOSUR"), ("Brazil", "BR")],
    },
    "germany-exports-slump": {
        "figures": [
            F("3.4%", 3.4, "%", "down", "change", "exports", "exports", "DE", None, "2025-03", "mom"),
            F("9.3%", 9.3, "%", "down", "change", "exports", "Exports", "DE", "CN"),
            F("6.8 billion euros", 6.8e9, "EUR", "down", "level", "exports", "Exports", "DE", "CN"),
            F("2.9%", 2.9, "%", "down", "change", "exports", "exports", "DE", "EU"),
            F("1.1%", 1.1, "%", "down", "change", "imports", "Imports", "DE", None, None, "mom"),
            F("21.4 billion euros", 21.4e9, "EUR", "down", "level", "trade_surplus", "trade surplus", "DE"),
            F("22.3 billion euros", 22.3e9, "EUR", None, "level", "trade_surplus", "trade surplus", "DE", None,
              "2025-02"),
            F("0.2%", 0.2, "%", None, "level", "gdp_growth", "economic growth", "DE", None, "2025", forecast=True),
            F("0.4%", 0.4, "%", None, "level", "gdp_growth", "economic growth", "DE", None, "2025", forecast=True),
            F("5%", 5, "%", "down", "change", "exports", "Car exports", "DE"),
        ],
        "quotes": [
            Q("German exports fell 3.4% in March from February, the steepest monthly drop in a year", "indirect",
              "Destatis", "said", "Destatis", speaker_type="organization"),
            Q("The numbers show how exposed German industry remains to Chinese demand,", "direct", "Carsten Brzeski",
              "said", "Carsten Brzeski", "global head of macro", "ING"),
            Q("the outlook for the second quarter was \"anything but rosy.\"", "mixed", "Carsten Brzeski", "said",
              "Brzeski", "global head of macro", "ING", mention_after="ING."),
        ],
        "regions": [("German", "DE"), ("China", "CN"), ("German", "DE"), ("China", "CN"), ("EU", "EU"),
                    ("German", "DE"), ("Chinese", "CN"), ("German", "DE"), ("German", "DE"), ("Berlin", "DE"),
                    ("Brussels", "EU"), ("Mercosur", "MERCOSUR"), ("German", "DE")],
    },
}

REGION_INFO = {"VN": ("Viet Nam", "country"), "US": ("United States", "country"), "CN": ("China", "country"),
               "EU": ("European Union", "bloc"), "142": ("Asia", "region"), "TR": ("Türkiye", "country"),
               "IN": ("India", "country"), "150": ("Europe", "region"), "JP": ("Japan", "country"),
               "GB": ("United Kingdom", "country"), "BR": ("Brazil", "country"), "005": ("South America", "region"),
               "MERCOSUR": ("MERCOSUR", "bloc"), "DE": ("Germany", "country")}


def find(text, needle, after="", start=0):
    base = text.index(after, start) if after else start
    return text.index(needle, base)


def sentence_of(text, start, end):
    s = max(text.rfind("\n", 0, start) + 1, max(text.rfind(". ", 0, start) + 2, 0))
    e = min([i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0] or [len(text)])
    return text[s:e + 1].strip()


def build():
    articles = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = []
    for article in articles:
        aid, text, labels = article["id"], article["text"], LABELS.get(article["id"])
        if labels is None:
            continue
        figs = []
        cursor = 0
        for f in labels["figures"]:
            f = dict(f)
            after = f.pop("_after")
            s = find(text, f["text"], after, 0 if after else cursor)
            cursor = s + 1
            figs.append({"text": f["text"], "start": s, "end": s + len(f["text"]),
                         **{k: v for k, v in f.items() if k != "text"}, "sentence": sentence_of(text, s, s + len(f["text"]))})
        quotes = []
        for q in labels["quotes"]:
            q = dict(q)
            s = find(text, q["text"], q.pop("_after"))
            m_after = q.pop("_mention_after") or ""
            mention = q.pop("_mention")
            ms = text.index(mention, text.index(m_after) if m_after else max(0, text.rfind("\n", 0, s)))
            quotes.append({"text": q["text"], "start": s, "end": s + len(q["text"]),
                           **{k: v for k, v in q.items() if k != "text"}, "speaker_start": ms,
                           "speaker_end": ms + len(mention), "sentence": sentence_of(text, s, s + len(q["text"]))})
        regions, pos = [], 0
        for surface, code in labels["regions"]:
            m = re.compile(r"(?<![A-Za-z])" + re.escape(surface) + r"(?![A-Za-z])").search(text, pos)
            if m is None:
                raise SystemExit(f"{aid}: region {surface!r} not found after {pos}")
            name, kind = REGION_INFO[code]
            regions.append({"text": surface, "start": m.start(), "end": m.end(), "code": code, "name": name,
                            "kind": kind})
            pos = m.end()
        for rec in figs + quotes + regions:
            assert text[rec["start"]:rec["end"]] == rec["text"], (aid, rec["text"])
        gold.append({**article, "figures": figs, "quotes": quotes, "regions": regions})
    with open(ROOT / "tests" / "gold" / "corpus-gold.jsonl", "w", encoding="utf-8") as fh:
        for a in gold:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return len(gold), sum(len(g["figures"]) for g in gold), sum(len(g["quotes"]) for g in gold), \
        sum(len(g["regions"]) for g in gold)


if __name__ == "__main__":
    print("articles %d, figures %d, quotes %d, regions %d" % build())
