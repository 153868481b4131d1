r"""Show report-derived text as text in Streamlit elements that render Markdown.

Titles, place names, actors, file names and error messages can come from a hostile
report. Streamlit renders Markdown in headers, captions, alerts and ``st.markdown``:
``![x](http://host/pixel.png)`` would make the analyst's browser fetch that address and
``[link](...)`` would render live. :func:`markdown_text` turns any string into Markdown
that displays exactly that string and nothing else.

CommonMark lets a backslash escape every ASCII punctuation character, so escaping all of
them defeats every construct at once (links, images, emphasis, code, HTML, tables, and
Streamlit's ``:colour[...]`` directives and ``$`` maths). Bare addresses are the
exception: Streamlit's GitHub-flavoured autolinks are found in the text *after* escapes
are resolved, so ``http://``, ``www.`` and ``@`` also get an invisible word joiner
(U+2060) that the autolink patterns do not match and the reader does not see.
"""

from __future__ import annotations

import re
import string

__all__ = ["markdown_text"]

_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})
_JOINER = "\u2060"
_AUTOLINK_STARTS = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)", re.IGNORECASE)


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
    return _AUTOLINK_STARTS.sub(_JOINER, text).translate(_ESCAPES)
