from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news import services
from news.models import Category, Post


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "published_at", "author", "preview_link")
    list_filter = ("status", "published_at", "categories")
    list_select_related = ("author",)
    search_fields = ("title", "lead", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("categories",)
    readonly_fields = ("created_at", "updated_at")
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("title", "slug", "lead", "body", "categories")}),
        (_("Image"), {"fields": ("image", "image_alt")}),
        (_("Publication"), {"fields": ("status", "published_at", "author")}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def changelist_view(self, request, extra_context=None):
        # PostgreSQL refuses NUL in a query: a filter value holding one is a bad lookup
        # (Django's answer to those: the changelist again with ?e=1), not a 500.
        if any("\x00" in key + value for key, value in request.GET.items()):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("preview"))
    def preview_link(self, post):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            post.get_absolute_url(),
            _("Preview") if not post.is_public else _("View"),
        )

    @admin.action(description=_("Publish selected posts"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.posts_publish(posts=queryset)
        self.message_user(
            request,
            ngettext("%(count)d post published.", "%(count)d posts published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected posts"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.posts_unpublish(posts=queryset)
        self.message_user(
            request,
            ngettext("%(count)d post unpublished.", "%(count)d posts unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )
