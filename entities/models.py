from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A powiat of the subregion (or a city with county rights, such as Konin)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    is_city = models.BooleanField(_("city with county rights"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A gmina of the subregion."""

    class Kind(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")
        URBAN_RURAL = "urban_rural", _("urban-rural")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="municipalities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="entities_municipality_unique_name_in_county"
            )
        ]

    def __str__(self):
        return self.name


class EntityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Entity.Visibility.PUBLIC)


class Entity(models.Model):
    """A social-economy entity (PES) of the subregion, or an initiative group."""

    class LegalForm(models.TextChoices):
        SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
        FOUNDATION = "foundation", _("foundation")
        ASSOCIATION = "association", _("association")
        WORK_COOPERATIVE = "work_cooperative", _("work cooperative")
        DISABLED_COOPERATIVE = (
            "disabled_cooperative",
            _("cooperative of disabled and blind persons"),
        )
        CIS = "cis", _("social integration centre (CIS)")
        KIS = "kis", _("social integration club (KIS)")
        ZAZ = "zaz", _("vocational activity establishment (ZAZ)")
        WTZ = "wtz", _("occupational therapy workshop (WTZ)")
        NONPROFIT_COMPANY = "nonprofit_company", _("non-profit company")
        KGW = "kgw", _("rural women's circle (KGW)")
        INITIATIVE_GROUP = "initiative_group", _("initiative group")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        INITIATIVE_GROUP = "initiative_group", _("initiative group")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        CLOSED = "closed", _("closed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        PRIVATE = "private", _("private")

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=250, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of the seat"),
        on_delete=models.PROTECT,
        related_name="entities",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("social-economy entity")
        verbose_name_plural = _("social-economy entities")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("entities:entity-detail", kwargs={"slug": self.slug})
