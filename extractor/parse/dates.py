"""Publication dates as pages give them, normalised to ISO 8601 (a date, or a datetime where the page has a time).

Pages write dates as ISO strings with or without zone ("2019-11-18T12:03:00Z", "2019-11-18T12:03:00+0000"),
RFC 822 ("Mon, 18 Nov 2019 12:03:00 GMT"), compact ("20191118") or prose ("November 18, 2019"). A value that
cannot be read is dropped rather than guessed.

Example:
    >>> iso_date("2019-11-18T12:03:00Z"), iso_date("Mon, 18 Nov 2019 12:03:00 GMT"), iso_date("Nov. 18, 2019")
    ('2019-11-18T12:03:00+00:00', '2019-11-18T12:03:00+00:00', '2019-11-18')
"""
from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Optional

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ZONE = re.compile(r"([+-]\d{2})(\d{2})$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_EARLIEST, _LATEST = 1990, 2100  # dates outside are page furniture (copyright years, placeholders), not publication


def _plausible(year: int) -> bool:
    return _EARLIEST <= year <= _LATEST


def _fmt(dt: datetime, has_time: bool) -> str:
    if not has_time:
        return dt.date().isoformat()
    return dt.replace(microsecond=0).isoformat()


def iso_date(value: Optional[str]) -> Optional[str]:
    """ISO 8601 for a date string in any common web format, or None (see the module docstring)."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    if _ISO_DATE.match(text):
        try:
            d = date.fromisoformat(text)
        except ValueError:
            return None
        return text if _plausible(d.year) else None
    m = _COMPACT.match(text)
    if m:
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return d.isoformat() if _plausible(d.year) else None
    candidate = _ZONE.sub(r"\1:\2", text.replace(" ", "T", 1)) if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text) else None
    if candidate:
        try:
            dt = datetime.fromisoformat(candidate)
            return _fmt(dt, True) if _plausible(dt.year) else None
        except ValueError:
            pass
    try:
        dt = parsedate_to_datetime(text)
        if dt is not None and _plausible(dt.year):
            return _fmt(dt, True)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        from dateutil import parser as dateutil_parser  # present through trafilatura's htmldate
        cleaned = text.replace("Published", "").replace("Updated", "")
        with warnings.catch_warnings():  # zone names it does not know ("IST") are dropped: only the date is kept
            warnings.simplefilter("ignore")
            dt = dateutil_parser.parse(cleaned, fuzzy=True, default=datetime(1900, 1, 1))
            # parsed again with other defaults: a part that changes was not in the text (so "2019" is no date)
            check = dateutil_parser.parse(cleaned, fuzzy=True, default=datetime(1904, 2, 2))
    except (ValueError, OverflowError, TypeError, ImportError):
        return None
    if (dt.year, dt.month, dt.day) != (check.year, check.month, check.day) or not _plausible(dt.year):
        return None
    return _fmt(dt, bool(_HAS_TIME.search(text)))
