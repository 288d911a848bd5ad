from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from news.models import Category, Post


class PostListView(ListView):
    template_name = "news/post_list.html"
    context_object_name = "posts"

    def get_paginate_by(self, queryset):
        return settings.NEWS_PAGE_SIZE

    def get_queryset(self):
        return Post.objects.published().newest_first().prefetch_related("categories")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = Category.objects.all()
        return context


class CategoryPostListView(PostListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().in_category(self.category)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        return context


class PostDetailView(DetailView):
    context_object_name = "post"

    def get_queryset(self):
        posts = Post.objects.select_related("author").prefetch_related("categories")
        if self.request.user.is_staff:
            return posts  # staff preview drafts and scheduled posts at the same address
        return posts.published()

    def get_object(self, queryset=None):
        post = super().get_object(queryset)
        if not post.is_public and not self.request.user.is_staff:
            raise Http404
        return post

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        context["previous_post"] = post.previous_post()
        context["next_post"] = post.next_post()
        context["canonical_url"] = self.request.build_absolute_uri(post.get_absolute_url())
        context["json_ld_data"] = news_article_json_ld(post, self.request)
        return context


def news_article_json_ld(post: Post, request) -> dict:
    """schema.org NewsArticle data of a post, with absolute addresses."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "description": post.lead,
        "datePublished": timezone.localtime(post.published_at).isoformat(),
        "dateModified": timezone.localtime(post.updated_at).isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(post.get_absolute_url()),
        "inLanguage": "pl",
        "publisher": {
            "@type": "Organization",
            "name": "Koniński Ośrodek Wsparcia Ekonomii Społecznej",
            "url": request.build_absolute_uri("/"),
        },
    }
    if post.author:
        data["author"] = {"@type": "Person", "name": str(post.author)}
    if post.image:
        data["image"] = request.build_absolute_uri(post.image.url)
    return data
