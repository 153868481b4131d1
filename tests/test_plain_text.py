"""Report text shown through Streamlit's Markdown elements stays plain text."""

from __future__ import annotations

import markdown_it
import pytest

from strikemap.dashboard.plain_text import markdown_text

HOSTILE = [
    "![x](http://evil.example/pixel.png)",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "**bold** _it_ `code` ~~gone~~",
    "# heading",
    "http://evil.example/autolink and www.evil.example",
    "<http://evil.example/angle>",
    ":red[coloured] $x^2$ :material/warning:",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "[ref]\n\n[ref]: http://evil.example/ref.png",
    "mail me: someone@evil.example or WWW.EVIL.EXAMPLE",
    "line\\\\ with backslashes \\*",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_renders_exactly_the_text(text: str) -> None:
    rendered = markdown_it.MarkdownIt("gfm-like").render(markdown_text(text))
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    assert "<strong>" not in rendered and "<code>" not in rendered and "<h1>" not in rendered
    assert "<table>" not in rendered
    # What shows is the original text (line breaks folded into spaces).
    shown = rendered.removeprefix("<p>").removesuffix("</p>\n")
    import html

    assert html.unescape(shown).replace("\u2060", "") == " ".join(text.split())


def test_multi_line_text_can_keep_its_lines() -> None:
    assert "\n" in markdown_text("a\nb", one_line=False)
