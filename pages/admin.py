from django.contrib import admin

from pages.models import FundingLogo, Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "updated_at")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(FundingLogo)
class FundingLogoAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "url")
    list_editable = ("position",)
