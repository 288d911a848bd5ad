from urllib.parse import urlencode

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from entities.models import Entity, Municipality, Sector
from entities.search import polish_sort_key, query_words


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the query string.

    Every value goes through a form field before it reaches the database, so an
    unknown value or a NUL byte is a message on the page, never an error. Counties,
    municipalities and sectors are chosen by slug, which keeps shared URLs readable.
    """

    class Sort(models.TextChoices):
        NAME = "name", _("name (A–Z)")
        NEWEST = "newest", _("newest in the directory")

    MAX_QUERY_LENGTH = 200

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        help_text=_("Name, description or offer; letters with or without Polish accents."),
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    social_enterprise = forms.BooleanField(
        label=_("Only social enterprises (with the voivode's status)"), required=False
    )
    has_offer = forms.BooleanField(label=_("Only with an offer for buyers"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", _("all"))]
        municipalities = list(Municipality.objects.select_related("county"))
        self.municipalities = {m.slug: m for m in municipalities}
        self.counties = {m.county.slug: m.county for m in municipalities}
        self.sectors = {sector.slug: sector for sector in Sector.objects.all()}

        self.fields["legal_form"].choices = any_choice + Entity.LegalForm.choices
        self.fields["status"].choices = any_choice + Entity.Status.choices
        self.fields["county"].choices = any_choice + sorted(
            ((slug, county.name) for slug, county in self.counties.items()),
            key=lambda choice: polish_sort_key(choice[1]),
        )
        by_county = {}
        for municipality in sorted(municipalities, key=lambda m: polish_sort_key(m.name)):
            by_county.setdefault(municipality.county.name, []).append(
                (municipality.slug, municipality.name)
            )
        self.fields["municipality"].choices = any_choice + sorted(
            by_county.items(), key=lambda group: polish_sort_key(group[0])
        )
        self.fields["sector"].choices = any_choice + [
            (slug, sector.name) for slug, sector in self.sectors.items()
        ]
        for name, field in self.fields.items():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                described_by = [attrs.get("aria-describedby", ""), f"id_{name}_error"]
                attrs["aria-describedby"] = " ".join(filter(None, described_by))
                attrs["aria-invalid"] = "true"
                attrs["class"] += " is-invalid"

    @property
    def filters(self) -> dict:
        """The valid, non-empty values (a bound form must have been validated)."""
        return {name: value for name, value in self.cleaned_data.items() if value}

    def filter(self, queryset):
        """``queryset`` narrowed and ordered by the valid values of this form."""
        values = self.filters
        if values.get("q"):
            queryset = queryset.search(values["q"])
        if values.get("legal_form"):
            queryset = queryset.with_legal_form(values["legal_form"])
        if values.get("status"):
            queryset = queryset.with_status(values["status"])
        if values.get("county"):
            queryset = queryset.in_county(self.counties[values["county"]])
        if values.get("municipality"):
            queryset = queryset.in_municipality(self.municipalities[values["municipality"]])
        if values.get("sector"):
            queryset = queryset.in_sector(self.sectors[values["sector"]])
        if values.get("social_enterprise"):
            queryset = queryset.social_enterprises()
        if values.get("has_offer"):
            queryset = queryset.with_offer()
        if values.get("sort") == self.Sort.NEWEST:
            return queryset.newest_first()
        return queryset.alphabetical()

    @property
    def is_filtered(self) -> bool:
        """Whether any filter (not only the sort order) narrows the list."""
        values = self.filters
        return bool(query_words(values.get("q", ""))) or any(
            name not in ("q", "sort") for name in values
        )

    def query_string(self) -> str:
        """The valid values as a query string: for pagination and the export links."""
        pairs = [
            (name, "1" if value is True else value)
            for name, value in self.filters.items()
            if name in self.fields
        ]
        return urlencode(pairs)
