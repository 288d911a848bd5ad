from django.conf import settings
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from entities import exports
from entities.forms import DirectoryFilterForm
from entities.models import Entity, Municipality
from kowes.page_cache import conditional

EXPORT_FILENAME = "podmioty-ekonomii-spolecznej"


def _filter_form(request) -> DirectoryFilterForm:
    form = DirectoryFilterForm(request.GET)
    form.is_valid()  # invalid values are shown as errors and left out of the filters
    return form


class EntityListView(ListView):
    """The public directory: filters, search, sorting, pagination; no JavaScript needed."""

    template_name = "entities/entity_list.html"
    context_object_name = "entities"

    def get_paginate_by(self, queryset):
        return settings.ENTITIES_PAGE_SIZE

    def get_queryset(self):
        self.form = _filter_form(self.request)
        return (
            self.form.filter(Entity.objects.public())
            .select_related("municipality__county")
            .prefetch_related("sectors")
            .defer("description", "search_text")
        )

    def paginate_queryset(self, queryset, page_size):
        # A page number that is not a number or is out of range shows the first or the
        # last page instead of an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["query_string"] = self.form.query_string()
        return context


class EntityDetailView(DetailView):
    """An entity's public page; staff may also preview a private one."""

    context_object_name = "entity"

    def get_queryset(self):
        entities = Entity.objects.select_related("municipality__county", "cooperative")
        entities = entities.prefetch_related(
            "sectors",
            Prefetch("activity_municipalities", Municipality.objects.order_by("name")),
            "supports__project",
            "supports__kinds",
        )
        if self.request.user.is_staff:
            return entities
        return entities.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        context["contact"] = entity.public_contact()
        context["json_ld_data"] = organization_json_ld(entity, self.request)
        return context


def organization_json_ld(entity: Entity, request) -> dict:
    """schema.org Organization data of an entity: only what its public page shows."""
    contact = entity.public_contact()
    address = {
        "@type": "PostalAddress",
        "addressLocality": entity.locality or entity.municipality.name,
        "addressRegion": "wielkopolskie",
        "addressCountry": "PL",
    }
    if entity.address_public and entity.street_address:
        address["streetAddress"] = entity.street_address
    if entity.address_public and entity.postal_code:
        address["postalCode"] = entity.postal_code
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": entity.name,
        "url": request.build_absolute_uri(entity.get_absolute_url()),
        "address": address,
        "areaServed": [entity.municipality.name]
        + [m.name for m in entity.activity_municipalities.all()],
    }
    optional = {
        "alternateName": entity.short_name,
        "email": contact.get("email"),
        "telephone": contact.get("phone"),
        "sameAs": contact.get("website"),
        "taxID": entity.nip,
        "foundingDate": entity.founded_on.isoformat() if entity.founded_on else None,
        "logo": request.build_absolute_uri(entity.logo.url) if entity.logo else None,
        "knowsAbout": [sector.name for sector in entity.sectors.all()],
    }
    data.update({key: value for key, value in optional.items() if value})
    identifiers = [
        {"@type": "PropertyValue", "propertyID": label, "value": getattr(entity, attribute)}
        for attribute, label in (("krs", "KRS"), ("nip", "NIP"), ("regon", "REGON"))
        if getattr(entity, attribute)
    ]
    if identifiers:
        data["identifier"] = identifiers
    if entity.jobs_total:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": entity.jobs_total}
    return data


class OpenDataView(TemplateView):
    template_name = "entities/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = exports.COLUMNS
        context["legal_forms"] = Entity.LegalForm.choices
        context["org_id_schemes"] = exports.ORG_ID_SCHEMES
        context["directory_url"] = reverse("entities:entity-list")
        return context


def _download(request, chunks, *, content_type: str, extension: str) -> StreamingHttpResponse:
    # HEAD gets the headers a GET would, and the file is never made: the chunks are a
    # generator, which does nothing until it is read.
    body = () if request.method == "HEAD" else chunks
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}.{extension}"'
    return response


def _export_source(request):
    form = _filter_form(request)
    context = exports.ExportContext.load(build_absolute_uri=request.build_absolute_uri)
    return form, form.filter(Entity.objects.public()), context


@require_safe
@conditional
def export_csv(request):
    _form, entities, context = _export_source(request)
    return _download(
        request,
        exports.csv_lines(entities, context), content_type="text/csv; charset=utf-8",
        extension="csv",
    )  # fmt: skip


@require_safe
@conditional
def export_json(request):
    form, entities, context = _export_source(request)
    metadata = {
        "title": "Baza podmiotów ekonomii społecznej subregionu konińskiego (KOWES)",
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "filters": form.filters,
        "documentation": request.build_absolute_uri(reverse("entities:open-data")),
    }
    return _download(
        request,
        exports.json_chunks(entities, context, metadata=metadata),
        content_type="application/json; charset=utf-8",
        extension="json",
    )


@require_safe
@conditional
def export_hsds(request):
    _form, entities, context = _export_source(request)
    return _download(
        request,
        exports.hsds_chunks(entities, context),
        content_type="application/json; charset=utf-8",
        extension="hsds.json",
    )
