import pytest

from kowes.markdown import render_markdown
from kowes.templatetags.kowes import json_ld


def test_render_markdown_renders_formatting_lists_and_links():
    html = render_markdown("## Cele\n\n**20** nowych i [więcej](https://example.org)\n\n- a\n- b")

    assert html == (
        "<h2>Cele</h2>\n"
        '<p><strong>20</strong> nowych i <a href="https://example.org" rel="noopener noreferrer">'
        "więcej</a></p>\n"
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", ""),
        ("a <script>alert(1)</script> b", "<p>a  b</p>"),
        ('<img src="x" onerror="alert(1)">', "<p></p>"),
        ('<p onclick="alert(1)">tekst</p>', "<p>tekst</p>"),
        ("[link](javascript:alert(1))", '<p><a rel="noopener noreferrer">link</a></p>'),
        ("[link](JaVaScRiPt:alert(1))", '<p><a rel="noopener noreferrer">link</a></p>'),
        ('<a href="data:text/html,x">link</a>', '<p><a rel="noopener noreferrer">link</a></p>'),
        ('<span style="color:red">x</span>', "<p>x</p>"),
        ("<iframe src='https://example.org'></iframe>", ""),
    ],
)
def test_render_markdown_never_lets_scripts_or_handlers_through(text, expected):
    assert render_markdown(text) == expected


def test_render_markdown_keeps_mail_and_phone_links():
    html = render_markdown("[napisz](mailto:kowes@example.org) [zadzwoń](tel:+48630000000)")

    assert html == (
        '<p><a href="mailto:kowes@example.org" rel="noopener noreferrer">napisz</a> '
        '<a href="tel:+48630000000" rel="noopener noreferrer">zadzwoń</a></p>'
    )


def test_render_markdown_of_nothing_is_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_json_ld_escapes_what_could_end_the_script_block():
    tag = json_ld({"headline": "</script><b>&"})

    assert tag == (
        '<script type="application/ld+json">'
        '{"headline": "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026"}</script>'
    )
