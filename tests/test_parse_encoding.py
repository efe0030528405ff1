"""Encodings: headers, <meta charset>, BOMs, detection, and the page declared UTF-8 that is windows-1252."""
from __future__ import annotations

import codecs
from pathlib import Path

from extractor.parse import parse_html
from extractor.parse.encoding import decode_html, header_charset, meta_charset

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
FRENCH = "Les exportations de café ont progressé de 7 % en août, a indiqué l’office des statistiques."


def test_windows_1252_declared_as_utf8_decodes_right():
    data = (PAGES / "cp1252_declared_utf8.html").read_bytes()
    assert b'<meta charset="utf-8">' in data
    try:
        data.decode("utf-8")
        raise AssertionError("the fixture must not be valid UTF-8")
    except UnicodeDecodeError:
        pass
    article = parse_html(data, "fr1")
    text = article.text.replace("\u00a0", " ")  # trafilatura may or may not keep no-break spaces
    assert "\ufffd" not in text
    assert FRENCH in text
    assert ("« La demande européenne reste très forte », a déclaré un négociant — le prix moyen atteint 4 € "
            "le kilo.") in text
    assert article.title == "Les exportations de café progressent"


def test_utf8_with_a_few_windows_1252_bytes_keeps_both():
    data = "<meta charset='utf-8'><p>Zürich – ".encode("utf-8") + "“quoted” café</p>".encode("cp1252")
    assert decode_html(data).text.endswith("<p>Zürich – “quoted” café</p>")


def test_header_beats_meta_and_latin1_label_means_windows_1252():
    data = "<meta charset='utf-8'><p>price \u20ac5 \u2013 up</p>".encode("cp1252")
    decoded = decode_html(data, {"Content-Type": "text/html; charset=ISO-8859-1"})
    assert decoded.text.endswith("<p>price €5 – up</p>") and decoded.source == "header"


def test_single_byte_label_on_real_utf8_is_overruled():
    data = "<p>Ça coûte 5 €</p>".encode("utf-8")
    assert decode_html(data, {"content-type": "text/html; charset=iso-8859-1"}).text == "<p>Ça coûte 5 €</p>"


def test_meta_charset_other_than_utf8():
    text = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'></head>" \
           "<body><p>輸出は前年同月比で増えた。</p></body></html>"
    decoded = decode_html(text.encode("shift_jis"))
    assert decoded.encoding == "shift_jis" and "輸出は前年同月比で増えた。" in decoded.text


def test_undeclared_non_utf8_is_detected():
    sentence = "Экспорт нефти вырос на пять процентов в прошлом месяце, сообщило министерство. "
    data = ("<html><body><p>" + sentence * 6 + "</p></body></html>").encode("cp1251")
    decoded = decode_html(data)
    assert decoded.source == "detected" and sentence in decoded.text


def test_bom_wins():
    data = codecs.BOM_UTF16_LE + "<p>naïve</p>".encode("utf-16-le")
    assert decode_html(data, {"content-type": "text/html; charset=utf-8"}).text == "<p>naïve</p>"


def test_labels():
    assert header_charset({"CONTENT-TYPE": 'text/html; charset="UTF-8"'}) == "utf-8"
    assert header_charset({"content-type": "text/html"}) is None
    assert meta_charset(b"<meta charset=windows-1251>") == "cp1251"
    assert meta_charset(b"<meta charset=bogus-enc>") is None
