"""Helpers of the advisory tests: a valid form submission and a small HTML reader."""

from html.parser import HTMLParser

from advisory.forms import form_token_new
from advisory.models import PrivacyNotice
from entities.models import Municipality


def valid_form_data(**overrides) -> dict:
    data = {
        "applicant_name": "Anna Kowalska",
        "email": "anna.kowalska@example.org",
        "phone": "+48 600 100 200",
        "applicant_kind": "initiative_group",
        "entity": "",
        "entity_name": "Grupa inicjatywna Razem",
        "cooperative_type": "natural_persons",
        "founders_count": "5",
        "municipality": str(Municipality.objects.get(slug="kramsk").pk),
        "support_kinds": ["legal", "grant"],
        "description": "Chcemy założyć spółdzielnię socjalną usług opiekuńczych w Kramsku.",
        "preferred_contact_time": "dni robocze po 15:00",
        "form_token": form_token_new(privacy_notice=PrivacyNotice.objects.current()),
        "hp_b7k": "",
    }
    data.update(overrides)
    return data


class _ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str, tag: str, **attrs) -> list[dict]:
    """The attributes of every ``tag`` element whose attributes include ``attrs``."""
    collector = _ElementCollector()
    collector.feed(html)
    return [
        found
        for name, found in collector.elements
        if name == tag and all(found.get(key) == value for key, value in attrs.items())
    ]


def element(html: str, tag: str, **attrs) -> dict:
    found = elements(html, tag, **attrs)
    assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
    return found[0]
