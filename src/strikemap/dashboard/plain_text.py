r"""Show report-derived text as text in Streamlit elements that render Markdown.

Titles, place names, actors, file names and error messages can come from a hostile
report. Streamlit renders Markdown in headers, captions, alerts and ``st.markdown``:
``![x](http://host/pixel.png)`` would make the analyst's browser fetch that address and
``[link](...)`` would render live. :func:`markdown_text` turns any string into Markdown
that displays exactly that string and nothing else.

CommonMark lets a backslash escape every ASCII punctuation character, so escaping all of
them defeats every construct at once (links, images, emphasis, code, HTML, tables, and
Streamlit's ``:colour[...]`` directives and ``$`` maths), and a backslash before ``:``
and ``.`` also stops bare-URL autolinks (``http\://``, ``www\.``).
"""

from __future__ import annotations

import string

__all__ = ["markdown_text"]

_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def markdown_text(value: object, *, one_line: bool = True) -> str:
    """Return Markdown source that renders as the plain text of ``value``.

    Parameters
    ----------
    value
        Any value; ``str(value)`` is what is shown.
    one_line
        Fold line breaks into spaces (headers, captions and alerts are one line; a
        blank line would otherwise start a new Markdown block).
    """
    text = str(value)
    if one_line:
        text = " ".join(text.split())
    return text.translate(_ESCAPES)
