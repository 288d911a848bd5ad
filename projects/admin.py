from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from projects.models import Project, Support, SupportKind


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "starts_on",
        "ends_on",
        "target_new_entities",
        "target_supported_entities",
        "target_jobs",
        "is_current",
    )
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "starts_on", "ends_on", "is_current")}),
        (
            _("Targets"),
            {
                "fields": (
                    "target_new_entities",
                    "target_supported_entities",
                    "target_jobs",
                    "target_advisory_hours",
                )
            },
        ),
    )


@admin.register(SupportKind)
class SupportKindAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = (
        "entity",
        "kind",
        "project",
        "starts_on",
        "ends_on",
        "grant_pln",
        "jobs_created",
    )
    list_filter = ("project", "kind", "kinds")
    list_select_related = ("entity", "project")
    search_fields = ("entity__name",)
    autocomplete_fields = ("entity", "project", "kinds")
    date_hierarchy = "starts_on"


class SupportInline(admin.TabularInline):
    """The centre's support of an entity, edited on the entity's page."""

    model = Support
    extra = 0
    autocomplete_fields = ("project", "kinds")
    fields = ("project", "kind", "starts_on", "ends_on", "kinds", "grant_pln", "jobs_created")
