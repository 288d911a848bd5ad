import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kowes.markdown import render_markdown

register = template.Library()

# The escapes of Django's json_script: no "</script>" can end the block early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    """Render staff-written Markdown; the HTML is sanitized by nh3 before it is marked safe."""
    return mark_safe(render_markdown(text))


@register.simple_tag
def json_ld(data: dict) -> str:
    """A schema.org JSON-LD block (a data block: a strict CSP does not run or block it)."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
