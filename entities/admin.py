from django.contrib import admin

from entities.models import County, Entity, Municipality


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


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "legal_form", "status", "municipality", "visibility")
    list_filter = ("legal_form", "status", "visibility", "municipality__county")
    list_select_related = ("municipality",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("municipality",)
