import calendar
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entities.search import fold, query_words
from entities.validators import (
    compact_identifier,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)


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


class Sector(models.Model):
    """A line of business of entities (catering, cleaning, …): a taxonomy staff edit."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class IdentifierField(models.CharField):
    """A registry number (KRS, NIP, REGON) kept compact: the spaces, dashes and "PL" prefix
    staff may type are dropped before validation, so "PL 665-289-99-41" is stored as digits."""

    def to_python(self, value):
        value = super().to_python(value)
        return compact_identifier(value) if value else value

    def formfield(self, **kwargs):
        # Room for the separators people type; the model field checks the compact value.
        return super().formfield(**{"max_length": self.max_length + 10, **kwargs})


class EntityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Entity.Visibility.PUBLIC)

    def search(self, query: str):
        """Entities whose name, short name, description or offer contain every word of
        ``query``, ignoring case and Polish diacritics."""
        queryset = self
        for word in query_words(query):
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def with_legal_form(self, legal_form):
        return self.filter(legal_form=legal_form)

    def with_status(self, status):
        return self.filter(status=status)

    def in_county(self, county):
        return self.filter(municipality__county=county)

    def in_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def in_sector(self, sector):
        return self.filter(sectors=sector)

    def social_enterprises(self):
        return self.filter(is_social_enterprise=True)

    def with_offer(self):
        return self.exclude(offer="")

    def alphabetical(self):
        return self.order_by("sort_name", "pk")

    def newest_first(self):
        return self.order_by("-created_at", "-pk")

    def likely_duplicates_of(self, entity):
        """Other entities with the same KRS, NIP or REGON, or the same name (ignoring case
        and diacritics) in the same municipality."""
        same = Q()
        for field in ("krs", "nip", "regon"):
            value = compact_identifier(getattr(entity, field))
            if value:
                same |= Q(**{field: value})
        if entity.name and entity.municipality_id:
            same |= Q(sort_name=fold(entity.name)[:250], municipality_id=entity.municipality_id)
        if not same:
            return self.none()
        queryset = self.filter(same)
        return queryset.exclude(pk=entity.pk) if entity.pk else queryset


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

    class Aim(models.TextChoices):
        REINTEGRATION = "reintegration", _("social and vocational reintegration")
        SOCIAL_SERVICES = "social_services", _("social services")
        BOTH = "both", _("reintegration and social services")

    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=250, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    is_social_enterprise = models.BooleanField(
        _("social enterprise status"),
        default=False,
        help_text=_("Granted by the voivode's decision (since 2022)."),
    )
    social_enterprise_since = models.DateField(
        _("date of the social-enterprise decision"), null=True, blank=True
    )
    aim = models.CharField(_("aim"), max_length=20, choices=Aim, blank=True)

    street_address = models.CharField(
        _("street and number"), max_length=200, blank=True, help_text=_("E.g. ul. Dworcowa 7/2.")
    )
    postal_code = models.CharField(
        _("postal code"), max_length=6, blank=True, validators=[validate_postal_code]
    )
    locality = models.CharField(_("town or village"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of the seat"),
        on_delete=models.PROTECT,
        related_name="entities",
    )
    activity_municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("places of activity"),
        blank=True,
        related_name="active_entities",
        help_text=_("Municipalities where the entity works, besides its seat."),
    )

    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    address_public = models.BooleanField(_("address is public"), default=True)
    email_public = models.BooleanField(_("e-mail is public"), default=True)
    phone_public = models.BooleanField(_("phone is public"), default=True)
    website_public = models.BooleanField(_("website is public"), default=True)
    contact_person_public = models.BooleanField(
        _("contact person is public"),
        default=False,
        help_text=_("Personal data: make it public only with the person's consent."),
    )

    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, *italic*, lists, links.")
    )
    offer = models.TextField(
        _("offer for buyers"),
        blank=True,
        help_text=_("Products and services the entity sells, in Markdown."),
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="entities"
    )

    krs = IdentifierField(_("KRS number"), max_length=10, blank=True, validators=[validate_krs])
    nip = IdentifierField(_("NIP"), max_length=10, blank=True, validators=[validate_nip])
    regon = IdentifierField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)

    jobs_total = models.PositiveIntegerField(_("jobs"), default=0)
    jobs_excluded = models.PositiveIntegerField(
        _("jobs of people at risk of social exclusion"), default=0
    )

    logo = models.ImageField(_("logo"), upload_to="entities/logos/", blank=True)
    logo_alt = models.CharField(
        _("logo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Required with a logo, e.g. “Logo of the Otwarci cooperative”."),
    )

    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility,
        default=Visibility.PUBLIC,
        help_text=_("A private entity appears nowhere public: not in the directory or open data."),
    )
    verified_on = models.DateField(_("data last verified on"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Kept by save() (and by bulk loaders through search_fields()): the folded name to sort by
    # and the folded text to search in. See entities/search.py.
    sort_name = models.CharField(max_length=250, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("social-economy entity")
        verbose_name_plural = _("social-economy entities")
        indexes = [
            # The admin's order; the directory's order and count use the public ones.
            models.Index(fields=["sort_name", "id"], name="entities_sort_name_idx"),
            models.Index(
                fields=["sort_name", "id"],
                condition=Q(visibility="public"),
                name="entities_public_name_idx",
            ),
            models.Index(
                fields=["created_at", "id"],
                condition=Q(visibility="public"),
                name="entities_public_new_idx",
            ),
            # Counts of the directory's usual filters without reading the wide rows.
            models.Index(
                fields=["municipality", "legal_form", "status"],
                condition=Q(visibility="public"),
                name="entities_public_filter_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["krs"],
                condition=~Q(krs=""),
                name="entities_entity_unique_krs",
                violation_error_code="duplicate_krs",
                violation_error_message=_("Another entity in the directory has this KRS number."),
            ),
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip=""),
                name="entities_entity_unique_nip",
                violation_error_code="duplicate_nip",
                violation_error_message=_("Another entity in the directory has this NIP."),
            ),
            models.UniqueConstraint(
                fields=["regon"],
                condition=~Q(regon=""),
                name="entities_entity_unique_regon",
                violation_error_code="duplicate_regon",
                violation_error_message=_("Another entity in the directory has this REGON."),
            ),
            models.CheckConstraint(
                condition=Q(jobs_excluded__lte=F("jobs_total")),
                name="entities_entity_excluded_jobs_within_total",
                violation_error_message=_(
                    "Jobs of people at risk of exclusion cannot exceed all jobs."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_social_enterprise=True) | Q(social_enterprise_since__isnull=True),
                name="entities_entity_se_date_needs_status",
                violation_error_message=_(
                    "A decision date needs the social-enterprise status ticked."
                ),
            ),
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt=""),
                name="entities_entity_logo_has_alt",
                violation_error_message=_("Describe the logo: alt text is required with it."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        self.sort_name, self.search_text = self.search_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_name", "search_text"}
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse("entities:entity-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.jobs_excluded > self.jobs_total:
            errors["jobs_excluded"] = _(
                "Jobs of people at risk of exclusion cannot exceed all jobs."
            )
        if self.social_enterprise_since and not self.is_social_enterprise:
            errors["social_enterprise_since"] = _(
                "A decision date needs the social-enterprise status ticked."
            )
        if self.logo and not self.logo_alt.strip():
            errors["logo_alt"] = _("Describe the logo: alt text is required with it.")
        if self.founded_on and self.registered_on and self.registered_on < self.founded_on:
            errors["registered_on"] = _("An entity cannot be registered before it was founded.")
        if errors:
            raise ValidationError(errors)

    def search_fields(self) -> tuple[str, str]:
        """The folded name (to sort by) and the folded searchable text of this entity."""
        text = " ".join([self.name, self.short_name, self.description, self.offer])
        return fold(self.name)[:250], fold(text)

    @property
    def county(self):
        return self.municipality.county

    @property
    def has_offer(self) -> bool:
        return bool(self.offer.strip())

    @property
    def public_address(self) -> bool:
        return self.address_public and bool(self.street_address or self.locality)

    def public_contact(self) -> dict:
        """The contact fields staff made public (empty ones left out)."""
        contact = {
            "email": self.email if self.email_public else "",
            "phone": self.phone if self.phone_public else "",
            "website": self.website if self.website_public else "",
            "contact_person": self.contact_person if self.contact_person_public else "",
        }
        return {key: value for key, value in contact.items() if value}


def months_later(day: date, months: int) -> date:
    """``day`` moved by whole ``months``; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class CooperativeDetails(models.Model):
    """What the law on social cooperatives asks of a social cooperative, besides Entity."""

    class FoundedBy(models.TextChoices):
        NATURAL_PERSONS = "natural", _("natural persons")
        LEGAL_PERSONS = "legal", _("legal persons")

    # Ustawa o spółdzielniach socjalnych, art. 5: the numbers the validation follows.
    MIN_NATURAL_FOUNDERS = 3
    MIN_LEGAL_FOUNDERS = 2
    MIN_MEMBERS = 5
    MAX_MEMBERS = 50
    MONTHS_TO_MIN_MEMBERS = 12

    entity = models.OneToOneField(
        Entity,
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="cooperative",
    )
    founded_by = models.CharField(_("founded by"), max_length=10, choices=FoundedBy)
    founders_count = models.PositiveSmallIntegerField(_("number of founders"))
    legal_founders = models.TextField(
        _("founding legal persons"),
        blank=True,
        help_text=_("For a cooperative of legal persons: the name of each founder, one a line."),
    )
    members_count = models.PositiveSmallIntegerField(_("number of members"))

    class Meta:
        verbose_name = _("social cooperative details")
        verbose_name_plural = _("social cooperative details")

    def __str__(self):
        return str(self.entity)

    def clean(self):
        errors, _warnings = self.legal_check()
        if errors:
            raise ValidationError(errors)

    @property
    def legal_founder_names(self) -> list[str]:
        return [line.strip() for line in self.legal_founders.splitlines() if line.strip()]

    def legal_warnings(self, today: date | None = None) -> list[str]:
        """What is not yet as the law wants but still allowed (a transition period runs)."""
        return self.legal_check(today)[1]

    def legal_check(self, today: date | None = None) -> tuple[dict, list[str]]:
        """(errors by field, warnings): the law on social cooperatives, art. 5."""
        today = today or timezone.localdate()
        errors, warnings = {}, []
        entity = getattr(self, "entity", None)
        if entity is not None and entity.legal_form != Entity.LegalForm.SOCIAL_COOPERATIVE:
            errors[NON_FIELD_ERRORS] = [
                _("Cooperative details apply only to a social cooperative: change the legal form.")
            ]
        if self.founded_by == self.FoundedBy.NATURAL_PERSONS:
            self._check_natural_persons(entity, today, errors, warnings)
        elif self.founded_by == self.FoundedBy.LEGAL_PERSONS:
            self._check_legal_persons(errors)
        return errors, warnings

    def _check_natural_persons(self, entity, today, errors, warnings):
        if self.founders_count is not None and self.founders_count < self.MIN_NATURAL_FOUNDERS:
            errors["founders_count"] = [
                _("A social cooperative of natural persons is founded by at least 3 people.")
            ]
        if self.legal_founder_names:
            errors["legal_founders"] = [
                _("Founding legal persons are listed only for a cooperative of legal persons.")
            ]
        if self.members_count is None:
            return
        if self.members_count > self.MAX_MEMBERS:
            errors["members_count"] = [_("A social cooperative may have at most 50 members.")]
        elif self.members_count < self.MIN_MEMBERS:
            registered_on = entity.registered_on if entity is not None else None
            if registered_on is None:
                warnings.append(
                    _(
                        "The cooperative has fewer than 5 members: within 12 months of its "
                        "registration it must have at least 5."
                    )
                )
                return
            deadline = months_later(registered_on, self.MONTHS_TO_MIN_MEMBERS)
            message_values = {"deadline": date_format(deadline, "DATE_FORMAT")}
            if today <= deadline:
                warnings.append(
                    _(
                        "The cooperative has fewer than 5 members: it must have at least 5 "
                        "by %(deadline)s (12 months after its registration)."
                    )
                    % message_values
                )
            else:
                errors["members_count"] = [
                    _(
                        "A social cooperative of natural persons must have at least 5 members "
                        "12 months after its registration; that time ended on %(deadline)s."
                    )
                    % message_values
                ]

    def _check_legal_persons(self, errors):
        names = self.legal_founder_names
        if self.founders_count is not None and self.founders_count < self.MIN_LEGAL_FOUNDERS:
            errors["founders_count"] = [
                _("A social cooperative of legal persons is founded by at least 2 legal persons.")
            ]
        elif self.founders_count is not None and len(names) != self.founders_count:
            errors["legal_founders"] = [
                ngettext(
                    "Write the name of the %(count)d founder, one a line.",
                    "Write the names of all %(count)d founders, one a line.",
                    self.founders_count,
                )
                % {"count": self.founders_count}
            ]
