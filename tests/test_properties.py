"""Property: extraction never raises on arbitrary text, and every record's offsets slice the text to its `text`."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.models import Article

# fragments that trigger every component, mixed with arbitrary unicode so that boundaries land anywhere
FRAGMENTS = st.sampled_from([
    "Exports rose 5.9% in November", "$1.2 billion", "£7bn", "-0.5%", "minus 3 pct", "between $2bn and $3bn",
    "half a million tonnes", "U.S.", "China's", "the European Union", "Southeast Asia", '"', "“", "”", "'",
    " said ", " told reporters", "according to Lin Song, an economist at ING,", "She noted that", "\n", ". ",
    "Mr Barnier", "4-5%", "1,000", "3.", "%", "$", "G7", "Section 301", "in 2025", "Q3", "first 11 months",
])
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), min_size=1, max_size=30).map("".join)


def check(extractor, text):
    if not text.strip() or "\x00" in text:
        return
    art = extractor.extract(Article(id="p", text=text, published="2025-12-08"))
    for rec in [*art.figures, *art.quotes, *art.regions]:
        assert text[rec.start:rec.end] == rec.text, rec
        assert rec.pattern_id
    for q in art.quotes:
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_fast_mode_never_raises_and_offsets_slice(fast_extractor, text):
    check(fast_extractor, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_accurate_mode_never_raises_and_offsets_slice(accurate_extractor, text):
    check(accurate_extractor, text)
