"""Review: a person accepts, rejects or corrects extracted records in the browser (`newsfacts review`).

Modules: records (ids, hashes, correction validation), storage (the reviews and review_log tables and the
queue's queries), highlight (article text cut into highlighted segments), security (bind, token, CSRF, headers),
app (the Starlette app), cli (the click command).

Example:
    >>> from extractor.review import ReviewStore
    >>> ReviewStore("newsfacts.db").refresh_stale()                   # doctest: +SKIP
    0
"""
from extractor.review.records import CorrectionError, RecordNotFound, record_hash
from extractor.review.storage import QueueFilters, ReviewStore

__all__ = ["CorrectionError", "QueueFilters", "RecordNotFound", "ReviewStore", "record_hash"]
