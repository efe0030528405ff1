"""newsfacts: trade news in, checkable records (figures, quotes, regions) out.

The package reads as the pipeline: crawl -> parse -> extract (figures, regions, quotes) -> store -> review/export,
with batch running the middle stages over whole archives.

Example:
    >>> from extractor import Extractor
    >>> art = Extractor(mode="fast").extract_text("Exports rose 5.9% in November.", published="2025-12-08")
    >>> [f.value for f in art.figures]
    [5.9]
"""
__version__ = "0.1.0"

from extractor.models import Article, Figure, Quote, Region  # noqa: E402


def __getattr__(name: str):
    # the extractor pulls in spaCy: import it only when asked for, so that `newsfacts --help` stays instant
    if name == "Extractor":
        from extractor.extract import Extractor
        return Extractor
    raise AttributeError(name)


__all__ = ["Article", "Figure", "Quote", "Region", "Extractor", "__version__"]
