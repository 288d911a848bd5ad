"""The directory as open data: CSV, JSON and Open Referral HSDS JSON.

Every export reads the same public, filtered queryset as the directory page, in one
query whatever the number of entities (sectors and places of activity come in as
aggregated id lists), and streams its output, so 100,000 entities need neither
100,000 queries nor the whole file in memory. The columns are defined once, here:
the open-data page documents them from the same list.
"""

import csv
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CharField, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from entities.models import Entity, Municipality, Sector

CHUNK_SIZE = 2000
LIST_SEPARATOR = "; "
# Namespace of the HSDS identifiers: each entity's UUIDs stay the same from one export to
# the next (they are derived from the database id), as HSDS asks.
HSDS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kowes.pl/hsds/")
# Organisation identifier schemes of org-id.guide.
ORG_ID_SCHEMES = [
    ("krs", "PL-KRS", "KRS"),
    ("nip", "PL-NIP", "NIP"),
    ("regon", "PL-REGON", "REGON"),
]
HSDS_SERVICE_STATUS = {
    Entity.Status.ACTIVE: "active",
    Entity.Status.SUSPENDED: "temporarily closed",
    Entity.Status.CLOSED: "defunct",
    Entity.Status.INITIATIVE_GROUP: "inactive",
}
REGION = "wielkopolskie"


@dataclass
class ExportContext:
    """What every row needs besides its entity, looked up once per export."""

    build_absolute_uri: Callable[[str], str]
    sectors: dict[int, str] = field(default_factory=dict)
    municipalities: dict[int, str] = field(default_factory=dict)
    legal_forms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, *, build_absolute_uri):
        # Labels are resolved now, in the request's language: the rows are produced later,
        # while the response streams.
        return cls(
            build_absolute_uri=build_absolute_uri,
            sectors=dict(Sector.objects.values_list("pk", "name")),
            municipalities=dict(Municipality.objects.values_list("pk", "name")),
            legal_forms={value: str(label) for value, label in Entity.LegalForm.choices},
        )

    def names(self, ids: str | None, table: dict[int, str]) -> list[str]:
        return sorted(table[int(pk)] for pk in (ids or "").split(",") if pk)


@dataclass(frozen=True)
class Column:
    name: str
    description: Any  # a lazily translated string
    value: Callable[[Entity, ExportContext], Any]


def _public(flag: str, attribute: str):
    return lambda entity, context: getattr(entity, attribute) if getattr(entity, flag) else ""


COLUMNS = [
    Column("id", _("The entity's identifier in this directory (the end of its address)."),
           lambda e, c: e.slug),
    Column("name", _("Full name."), lambda e, c: e.name),
    Column("short_name", _("Short name, if any."), lambda e, c: e.short_name),
    Column("legal_form", _("Legal form, as a code (see the list below)."),
           lambda e, c: e.legal_form),
    Column("legal_form_name", _("Legal form, in words."),
           lambda e, c: c.legal_forms.get(e.legal_form, e.legal_form)),
    Column("status", _("initiative_group, active, suspended or closed."), lambda e, c: e.status),
    Column("social_enterprise", _("true if the voivode granted the social-enterprise status."),
           lambda e, c: e.is_social_enterprise),
    Column("social_enterprise_since", _("Date of that decision (YYYY-MM-DD)."),
           lambda e, c: e.social_enterprise_since),
    Column("aim", _("reintegration, social_services or both; empty if not given."),
           lambda e, c: e.aim),
    Column("krs", _("KRS number (10 digits)."), lambda e, c: e.krs),
    Column("nip", _("NIP, the tax identification number (10 digits)."), lambda e, c: e.nip),
    Column("regon", _("REGON, the statistical number (9 or 14 digits)."), lambda e, c: e.regon),
    Column("street_address", _("Street and number of the seat, if public."),
           _public("address_public", "street_address")),
    Column("postal_code", _("Postal code of the seat, if public."),
           _public("address_public", "postal_code")),
    Column("locality", _("Town or village of the seat, if public."),
           _public("address_public", "locality")),
    Column("municipality", _("Municipality (gmina) of the seat."),
           lambda e, c: e.municipality.name),
    Column("county", _("County (powiat) of the seat."), lambda e, c: e.municipality.county.name),
    Column("places_of_activity", _("Other municipalities where the entity works."),
           lambda e, c: c.names(e.activity_ids, c.municipalities)),
    Column("sectors", _("Sectors of activity."), lambda e, c: c.names(e.sector_ids, c.sectors)),
    Column("email", _("E-mail, if public."), _public("email_public", "email")),
    Column("phone", _("Phone, if public."), _public("phone_public", "phone")),
    Column("website", _("Website, if public."), _public("website_public", "website")),
    Column("contact_person", _("Contact person, if public."),
           _public("contact_person_public", "contact_person")),
    Column("description", _("Description (Markdown)."), lambda e, c: e.description),
    Column("offer", _("Offer for buyers: products and services (Markdown)."),
           lambda e, c: e.offer),
    Column("founded_on", _("Date founded (YYYY-MM-DD)."), lambda e, c: e.founded_on),
    Column("registered_on", _("Date registered (YYYY-MM-DD)."), lambda e, c: e.registered_on),
    Column("jobs_total", _("Number of jobs."), lambda e, c: e.jobs_total),
    Column("jobs_excluded", _("Of them, jobs of people at risk of social exclusion."),
           lambda e, c: e.jobs_excluded),
    Column("verified_on", _("When the centre last verified the data (YYYY-MM-DD)."),
           lambda e, c: e.verified_on),
    Column("updated_at", _("When the record last changed (ISO 8601)."),
           lambda e, c: e.updated_at),
    Column("url", _("Address of the entity's page in the directory."),
           lambda e, c: c.build_absolute_uri(e.get_absolute_url())),
]  # fmt: skip
HEADER = [column.name for column in COLUMNS]

# The staff's export (admin action): every column, private contact details included,
# with the visibility of the entity and of each contact field.
_INTERNAL = {
    "street_address": Column("street_address", "", lambda e, c: e.street_address),
    "postal_code": Column("postal_code", "", lambda e, c: e.postal_code),
    "locality": Column("locality", "", lambda e, c: e.locality),
    "email": Column("email", "", lambda e, c: e.email),
    "phone": Column("phone", "", lambda e, c: e.phone),
    "website": Column("website", "", lambda e, c: e.website),
    "contact_person": Column("contact_person", "", lambda e, c: e.contact_person),
}
STAFF_COLUMNS = [_INTERNAL.get(column.name, column) for column in COLUMNS] + [
    Column(name, "", lambda e, c, name=name: getattr(e, name))
    for name in (
        "visibility",
        "address_public",
        "email_public",
        "phone_public",
        "website_public",
        "contact_person_public",
    )
]


def export_queryset(queryset):
    """``queryset`` with everything the exports read, fetched by one query."""
    return (
        queryset.select_related("municipality__county")
        .defer("search_text", "sort_name")
        .annotate(
            sector_ids=_id_list(Entity.sectors.through, "sector_id"),
            activity_ids=_id_list(Entity.activity_municipalities.through, "municipality_id"),
        )
    )


def _id_list(through, column: str) -> Subquery:
    """The ids an entity links to through ``through``, as "3,7,12"."""
    return Subquery(
        through.objects.filter(entity_id=OuterRef("pk"))
        .values("entity_id")
        .annotate(ids=StringAgg(Cast(column, CharField()), Value(",")))
        .values("ids")
    )


def _rows(queryset) -> Iterator[Entity]:
    return export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE)


def record(entity: Entity, context: ExportContext) -> dict:
    """One entity as a JSON object (typed values: lists, booleans, numbers, dates)."""
    return {column.name: column.value(entity, context) for column in COLUMNS}


def _csv_cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer to stream."""

    def write(self, value):
        return value


def csv_lines(queryset, context: ExportContext, *, columns=COLUMNS) -> Iterator[str]:
    """The CSV file, line by line: UTF-8 with a byte-order mark (so that spreadsheet
    programs see the Polish letters), comma-separated, a header line first."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([column.name for column in columns])
    for entity in _rows(queryset):
        yield writer.writerow([_csv_cell(column.value(entity, context)) for column in columns])


def _json_array(items: Iterable[dict]) -> Iterator[str]:
    separator = ""
    for item in items:
        yield separator + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ","


def json_chunks(queryset, context: ExportContext, *, metadata: dict) -> Iterator[str]:
    """The JSON file: ``metadata``'s keys, then "entities": a list of records."""
    head = json.dumps(metadata, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield head[:-1] + (', "entities": [' if metadata else '"entities": [')
    yield from _json_array(record(entity, context) for entity in _rows(queryset))
    yield "]}\n"


# Open Referral Human Services Data Specification (HSDS 3), the /organizations list shape.


def hsds_id(entity: Entity, part: str = "organization") -> str:
    return str(uuid.uuid5(HSDS_NAMESPACE, f"entity/{entity.pk}/{part}"))


def hsds_organization(entity: Entity, context: ExportContext) -> dict:
    """One entity as an HSDS organization with its identifiers, location and service."""
    org_id = hsds_id(entity)
    contact = entity.public_contact()
    url = context.build_absolute_uri(entity.get_absolute_url())
    incorporated = entity.registered_on or entity.founded_on
    return {
        "id": org_id,
        "name": entity.name,
        "alternate_name": entity.short_name or None,
        "description": entity.description,
        "email": contact.get("email"),
        "website": contact.get("website"),
        "year_incorporated": incorporated.year if incorporated else None,
        "legal_status": context.legal_forms.get(entity.legal_form, entity.legal_form),
        "uri": url,
        "organization_identifiers": [
            {
                "id": hsds_id(entity, f"identifier/{scheme}"),
                "organization_id": org_id,
                "identifier_scheme": scheme,
                "identifier_type": kind,
                "identifier": getattr(entity, attribute),
            }
            for attribute, scheme, kind in ORG_ID_SCHEMES
            if getattr(entity, attribute)
        ],
        "phones": (
            [{"id": hsds_id(entity, "phone"), "number": contact["phone"]}]
            if "phone" in contact
            else []
        ),
        "contacts": (
            [{"id": hsds_id(entity, "contact"), "name": contact["contact_person"]}]
            if "contact_person" in contact
            else []
        ),
        "locations": [_hsds_location(entity, org_id)],
        "services": [_hsds_service(entity, org_id, url, contact, context)],
    }


def _hsds_location(entity: Entity, org_id: str) -> dict:
    location_id = hsds_id(entity, "location")
    addresses = []
    if entity.address_public and entity.street_address and entity.postal_code:
        addresses.append(
            {
                "id": hsds_id(entity, "address"),
                "location_id": location_id,
                "address_1": entity.street_address,
                "city": entity.locality or entity.municipality.name,
                "region": entity.municipality.county.name,
                "state_province": REGION,
                "postal_code": entity.postal_code,
                "country": "PL",
                "address_type": "physical",
            }
        )
    return {
        "id": location_id,
        "organization_id": org_id,
        "location_type": "physical",
        "name": f"{entity.name} – {entity.municipality.name}",
        "addresses": addresses,
    }


def _hsds_service(entity: Entity, org_id: str, url: str, contact: dict, context) -> dict:
    sectors = context.names(entity.sector_ids, context.sectors)
    return {
        "id": hsds_id(entity, "service"),
        "organization_id": org_id,
        "name": str(_("Offer of %(name)s") % {"name": entity.name}),
        "description": entity.offer or LIST_SEPARATOR.join(sectors),
        "url": url,
        "email": contact.get("email"),
        "status": HSDS_SERVICE_STATUS.get(entity.status, "inactive"),
    }


def hsds_chunks(queryset, context: ExportContext) -> Iterator[str]:
    """An HSDS 3 paginated organization list holding every entity on one page."""
    total = queryset.count()
    page = {
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }
    yield json.dumps(page, ensure_ascii=False)[:-1] + ', "contents": ['
    yield from _json_array(hsds_organization(entity, context) for entity in _rows(queryset))
    yield "]}\n"
