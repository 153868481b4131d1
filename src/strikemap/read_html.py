"""An HTML page to a report: main text and title by trafilatura, date by htmldate.

Both libraries pull in lxml and are slow to import, so they are imported when a page is
read, not with this module.
"""

from __future__ import annotations

import datetime as dt

from strikemap.model import Report
from strikemap.read_bylines import or_byline_date
from strikemap.read_bytes import MAX_HTML_BYTES
from strikemap.read_dates import dateline_date, decide_published, header_date, parse_date_text
from strikemap.read_error import ReadError
from strikemap.read_report import (
    check_report_size,
    make_report,
    normalise_text,
    remove_control_characters,
    safe_link,
    strip_chrome,
)

__all__ = ["read_html"]


def read_html(
    html: str,
    *,
    source_id: str,
    url: str | None = None,
    published: dt.date | None = None,
) -> Report:
    """Read an HTML page: main text and title by trafilatura, date by htmldate.

    Raises
    ------
    ReadError
        When the page has no readable main text.
    """
    from htmldate import find_date  # lazy: both pull in lxml and friends
    from trafilatura import bare_extraction

    if len(html) > MAX_HTML_BYTES:
        raise ReadError(
            f"{source_id}: HTML is {len(html):,} characters, over the "
            f"{MAX_HTML_BYTES:,}-character limit for one page"
        )
    url = safe_link(url)
    # lxml refuses NUL and lone surrogates in a str; they carry no text anyway.
    html = remove_control_characters(html)
    try:
        doc = bare_extraction(html, url=url, with_metadata=True)
    except (ValueError, TypeError, RecursionError) as exc:
        # trafilatura and lxml raise these on some malformed documents.
        raise ReadError(f"{source_id}: HTML could not be parsed ({type(exc).__name__})") from exc
    main = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not main.strip():
        raise ReadError(
            f"{source_id}: HTML page has no readable text "
            "(only scripts or markup, or nesting too deep to parse)"
        )
    title = getattr(doc, "title", None) or None
    meta_date: dt.date | None = None
    try:
        found = find_date(html, original_date=True, url=url)
    except (ValueError, TypeError, RecursionError):  # htmldate fails on some malformed pages
        found = None
    if not found:
        found = getattr(doc, "date", None)
    if found:
        meta_date = parse_date_text(str(found))
    text = normalise_text(main)
    check_report_size(text, source_id)
    text = strip_chrome(text)
    header = header_date({}, text)
    dateline, _note = dateline_date(text, url)
    pub, basis = or_byline_date(
        decide_published(
            published, [(meta_date, "metadata"), (header, "header"), (dateline, "dateline")]
        ),
        text,
    )
    return make_report(text, source_id=source_id, title=title, url=url, published=pub, basis=basis)
