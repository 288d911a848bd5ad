from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from entities import exports
from entities.models import CooperativeDetails, County, Entity, Municipality, Sector
from entities.validators import compact_identifier
from projects.admin import SupportInline
from projects.models import Support

# How many likely duplicates the warning names.
DUPLICATES_SHOWN = 5


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("name", "is_city")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "county")
    list_filter = ("county", "kind")
    list_select_related = ("county",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class SupportListFilter(admin.SimpleListFilter):
    title = _("support of the centre")
    parameter_name = "support"

    def lookups(self, request, model_admin):
        return [
            ("created", _("created with the centre's help")),
            ("supported", _("supported while existing")),
            ("none", _("no support")),
        ]

    def queryset(self, request, queryset):
        supports = Support.objects.filter(entity=OuterRef("pk"))
        if self.value() == "created":
            return queryset.filter(Exists(supports.creations()))
        if self.value() == "supported":
            return queryset.filter(Exists(supports.of_existing()))
        if self.value() == "none":
            return queryset.filter(~Exists(supports))
        return queryset


class EntityAdminForm(forms.ModelForm):
    """The entity form, which warns before saving a likely duplicate: staff either fix the
    record or tick "save anyway"."""

    confirm_duplicate = forms.BooleanField(
        label=_("Save anyway: this is not a duplicate"),
        required=False,
        help_text=_("Tick only after checking the entities named in the warning above."),
    )

    class Meta:
        model = Entity
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields shown

    def clean(self):
        cleaned_data = super().clean()
        self.duplicates = self.likely_duplicates(cleaned_data)
        if self.duplicates and not cleaned_data.get("confirm_duplicate"):
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:entities_entity_change", args=[duplicate.pk]),
                        duplicate.name,
                        duplicate.municipality.name,
                    )
                    for duplicate in self.duplicates
                ),
            )
            raise ValidationError(
                format_html(
                    "{} {}",
                    _(
                        "This looks like an entity already in the directory (the same KRS, "
                        "NIP or REGON, or the same name in the same municipality):"
                    ),
                    links,
                ),
                code="likely_duplicate",
            )
        return cleaned_data

    def likely_duplicates(self, cleaned_data) -> list[Entity]:
        candidate = Entity(
            pk=self.instance.pk,
            name=cleaned_data.get("name") or "",
            municipality=cleaned_data.get("municipality"),
            **{
                field: compact_identifier(cleaned_data.get(field) or "")
                for field in ("krs", "nip", "regon")
            },
        )
        return list(
            Entity.objects.likely_duplicates_of(candidate).select_related("municipality")[
                :DUPLICATES_SHOWN
            ]
        )


class CooperativeDetailsInline(admin.StackedInline):
    model = CooperativeDetails
    can_delete = True
    max_num = 1
    extra = 0
    fields = ("founded_by", "founders_count", "legal_founders", "members_count")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    form = EntityAdminForm
    list_display = (
        "name",
        "legal_form",
        "status",
        "municipality",
        "county",
        "visibility",
        "verified_on",
    )
    list_filter = (
        "legal_form",
        "municipality__county",
        "status",
        "visibility",
        "is_social_enterprise",
        SupportListFilter,
        "sectors",
    )
    list_select_related = ("municipality__county",)
    # The search ignores case and Polish diacritics and finds registry numbers
    # (see get_search_results); search_fields only turns the search box on.
    search_fields = ("name",)
    search_help_text = _(
        "Name, description, offer (with or without Polish letters), KRS, NIP or REGON."
    )
    show_full_result_count = False
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("municipality", "sectors", "activity_municipalities")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CooperativeDetailsInline, SupportInline)
    actions = ("export_csv",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "legal_form", "status", "visibility")}),
        (
            _("Social enterprise"),
            {"fields": ("is_social_enterprise", "social_enterprise_since", "aim")},
        ),
        (
            _("Seat and places of activity"),
            {
                "fields": (
                    "street_address",
                    "postal_code",
                    "locality",
                    "municipality",
                    "address_public",
                    "activity_municipalities",
                )
            },
        ),
        (
            _("Contact"),
            {
                "description": _("Each contact detail appears publicly only when ticked."),
                "fields": (
                    ("email", "email_public"),
                    ("phone", "phone_public"),
                    ("website", "website_public"),
                    ("contact_person", "contact_person_public"),
                ),
            },
        ),
        (_("Description and offer"), {"fields": ("description", "offer", "sectors")}),
        (_("Logo"), {"fields": ("logo", "logo_alt")}),
        (
            _("Registry data"),
            {"fields": ("krs", "nip", "regon", "founded_on", "registered_on")},
        ),
        (_("Jobs"), {"fields": ("jobs_total", "jobs_excluded")}),
        (_("Verification"), {"fields": ("verified_on", "created_at", "updated_at")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.method == "POST":
            # The "save anyway" box appears with the duplicate warning, never before.
            return (*fieldsets, (_("Likely duplicate"), {"fields": ("confirm_duplicate",)}))
        return fieldsets

    @admin.display(description=_("county"), ordering="municipality__county__name")
    def county(self, entity):
        return entity.municipality.county

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        matches = queryset.search(search_term)
        number = compact_identifier(search_term)
        if number.isdigit():
            matches = matches | queryset.filter(Q(krs=number) | Q(nip=number) | Q(regon=number))
        return matches, False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        cooperative = CooperativeDetails.objects.filter(entity=form.instance).first()
        if cooperative is not None:
            cooperative.entity = form.instance
            for warning in cooperative.legal_warnings():
                self.message_user(request, warning, messages.WARNING)

    @admin.action(description=_("Export selected entities to CSV (with private data)"))
    def export_csv(self, request, queryset):
        context = exports.ExportContext.load(build_absolute_uri=request.build_absolute_uri)
        response = StreamingHttpResponse(
            exports.csv_lines(
                queryset.order_by("sort_name", "pk"), context, columns=exports.STAFF_COLUMNS
            ),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="podmioty-pelne-dane.csv"'
        return response
