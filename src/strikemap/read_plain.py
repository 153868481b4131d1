"""Plain text to a report: a leading ``key: value`` header, site chrome, the date.

For text files, pasted text, stdin and plain-text URL bodies; text scraped from a web
page is read the same way.
"""

from __future__ import annotations

import datetime as dt
import re

from strikemap.model import Report
from strikemap.read_bylines import or_byline_date
from strikemap.read_dates import dateline_date, decide_published, header_date
from strikemap.read_error import ReadError
from strikemap.read_report import (
    check_report_size,
    make_report,
    normalise_text,
    safe_link,
    strip_chrome,
)

__all__ = ["read_text", "split_header"]

_HEADER_KV = re.compile(r"^([a-z_]{2,20}):[ \t]*(.*)$")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``key: value`` header block (ended by a blank line) from the body.

    Only a block whose every line is ``key: value`` with a short lower-case key counts,
    so prose that happens to start with "Note: ..." is left alone.
    """
    head, sep, body = text.partition("\n\n")
    if not sep:
        return {}, text
    fields: dict[str, str] = {}
    for line in head.split("\n"):
        m = _HEADER_KV.match(line)
        if not m:
            return {}, text
        fields[m.group(1)] = m.group(2).strip()
    if len(fields) < 2 and not ({"published", "date", "title"} & fields.keys()):
        return {}, text
    return fields, body


def read_text(
    text: str,
    *,
    source_id: str,
    title: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
) -> Report:
    """Read plain text (possibly scraped from a web page) into a report.

    A leading ``key: value`` header block is parsed (``title``, ``published``, ``url``)
    and removed; trailing site chrome is dropped; the publication date comes from
    ``published`` (basis ``"user"``), a header line, a dateline, a header or byline
    line near the top (:func:`strikemap.read_bylines.byline_date`), or stays unknown.

    Parameters
    ----------
    text
        The raw text.
    source_id
        The caller's identifier (file name, "stdin", ...).
    title, url
        Known title and URL; a header block can fill them in.
    published
        The user's publication date, which wins over anything found in the text.

    Returns
    -------
    Report

    Raises
    ------
    ReadError
        When nothing readable remains.
    """
    norm = normalise_text(text)
    if not norm:
        raise ReadError(f"{source_id}: empty text")
    # Checked before any further regex work so an oversized report is refused quickly.
    check_report_size(norm, source_id)
    fields, body = split_header(norm)
    title = title or fields.get("title") or None
    url = safe_link(url or fields.get("url") or None)
    body = strip_chrome(body.strip("\n "))
    header = header_date(fields, body)
    dateline, _note = dateline_date(body, url)
    pub, basis = or_byline_date(
        decide_published(published, [(header, "header"), (dateline, "dateline")]), body
    )
    return make_report(body, source_id=source_id, title=title, url=url, published=pub, basis=basis)
