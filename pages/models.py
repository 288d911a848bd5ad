from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Page(models.Model):
    """A page of fixed content that staff edit: about, contact, privacy, accessibility."""

    class Slug(models.TextChoices):
        """Pages the layout links to by name; staff may add others."""

        ABOUT = "o-projekcie", _("About the project")
        CONTACT = "kontakt", _("Contact")
        PRIVACY = "polityka-prywatnosci", _("Privacy policy")
        ACCESSIBILITY = "deklaracja-dostepnosci", _("Accessibility statement")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page-detail", kwargs={"slug": self.slug})


class FundingLogo(models.Model):
    """A funder's logo in the footer strip. With none, placeholders from static/ show."""

    name = models.CharField(_("name"), max_length=100)
    image = models.FileField(
        _("image"),
        upload_to="logos/",
        validators=[FileExtensionValidator(["svg", "png", "jpg", "jpeg", "webp"])],
    )
    alt_text = models.CharField(_("alternative text"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("funding logo")
        verbose_name_plural = _("funding logos")

    def __str__(self):
        return self.name
