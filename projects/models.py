from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProjectQuerySet(models.QuerySet):
    def current(self, today=None):
        """The project the portal reports on: the one staff marked as current; else the one
        running today; else the one that started last; else the next one to start."""
        today = today or timezone.localdate()
        started = self.annotate(
            rank=Case(
                When(is_current=True, then=Value(0)),
                When(starts_on__lte=today, ends_on__gte=today, then=Value(1)),
                When(starts_on__lte=today, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        ).filter(rank__lte=2)
        project = started.order_by("rank", "-starts_on", "-pk").first()
        if project is None:
            project = self.order_by("starts_on", "pk").first()
        return project


class Project(models.Model):
    """A project of the centre: its period and targets (the funder's indicators)."""

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_new_entities = models.PositiveIntegerField(_("target: new entities"), default=0)
    target_supported_entities = models.PositiveIntegerField(
        _("target: supported entities"), default=0
    )
    target_jobs = models.PositiveIntegerField(_("target: jobs created"), default=0)
    target_advisory_hours = models.PositiveIntegerField(_("target: advisory hours"), default=0)
    is_current = models.BooleanField(
        _("current project"),
        default=False,
        help_text=_("The portal reports on the project running today; tick to choose another one."),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="projects_project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="projects_project_single_current",
                violation_error_message=_("Another project is already marked as current."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project-indicators", kwargs={"slug": self.slug})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A project cannot end before it starts.")})


class SupportKind(models.Model):
    """A kind of support the centre gives (advice, training, a grant, …): staff edit the list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kind of support")
        verbose_name_plural = _("kinds of support")

    def __str__(self):
        return self.name


class SupportQuerySet(models.QuerySet):
    def within_project(self, project):
        """The project's support records that started inside its period: what counts
        toward its indicators."""
        return self.filter(
            project=project, starts_on__gte=project.starts_on, starts_on__lte=project.ends_on
        )

    def creations(self):
        return self.filter(kind=Support.Kind.CREATED)

    def of_existing(self):
        return self.filter(kind=Support.Kind.SUPPORTED)


class Support(models.Model):
    """The centre's support of one entity in one project."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created with the centre's help")
        SUPPORTED = "supported", _("supported while existing")

    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="supports"
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind,
        help_text=_("Created counts toward new entities; supported toward existing ones."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    kinds = models.ManyToManyField(
        SupportKind, verbose_name=_("kinds of support"), blank=True, related_name="supports"
    )
    grant_pln = models.DecimalField(_("grant (PLN)"), max_digits=12, decimal_places=2, default=0)
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    notes = models.TextField(_("internal notes"), blank=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        indexes = [
            models.Index(fields=["project", "starts_on"], name="projects_support_period_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="projects_support_ends_after_start",
                violation_error_message=_("Support cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(grant_pln__gte=0),
                name="projects_support_grant_not_negative",
                violation_error_message=_("A grant cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["entity"],
                condition=Q(kind="created"),
                name="projects_support_created_once",
                violation_error_message=_("An entity is created only once."),
            ),
        ]

    def __str__(self):
        return f"{self.entity} – {self.get_kind_display()} ({self.project})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Support cannot end before it starts.")})
