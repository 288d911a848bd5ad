"""Who may do what in the back office: a matrix of role × model × action.

Each case acts through the admin as that role and looks at the effect (the object listed,
the page shown, the database changed), so a forged URL or POST counts like a real one.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from advisory.models import Advisor, AdvisorySession, OutboxEmail, PrivacyNotice, SupportRequest
from entities.models import CooperativeDetails, County, Entity, Municipality, Sector
from news.models import Post
from projects.models import Project, Support, SupportKind
from tests.advisory.factories import AdvisorySessionFactory, SupportRequestFactory
from tests.entities.factories import CooperativeDetailsFactory, SectorFactory
from tests.entities.test_admin import cooperative_form, form_data
from tests.factories import CountyFactory, EntityFactory, MunicipalityFactory, PostFactory
from tests.projects.factories import ProjectFactory, SupportFactory, SupportKindFactory

ROLES = ["editor", "advisor", "other_advisor", "coordinator"]
ACTIONS = ["list", "view", "change", "add", "delete"]
ADVISORS = {"advisor", "other_advisor"}
COORDINATOR = {"coordinator"}
# Reference data and the project's records: advisors look them up, coordinators keep them.
LOOKED_UP = {"list": ADVISORS | COORDINATOR, "view": ADVISORS | COORDINATOR}

# (model, action) → the roles allowed. The objects belong to "advisor".
ALLOWED = {
    ("supportrequest", "list"): {"advisor", "coordinator"},
    ("supportrequest", "view"): {"advisor", "coordinator"},
    ("supportrequest", "change"): {"advisor", "coordinator"},
    ("supportrequest", "add"): set(),
    ("supportrequest", "delete"): set(),
    ("advisorysession", "list"): {"advisor", "coordinator"},
    ("advisorysession", "view"): {"advisor", "coordinator"},
    ("advisorysession", "change"): {"advisor", "coordinator"},
    ("advisorysession", "add"): {"advisor", "other_advisor", "coordinator"},
    ("advisorysession", "delete"): {"coordinator"},
    ("advisor", "list"): {"advisor", "coordinator"},
    ("advisor", "view"): {"advisor", "coordinator"},
    ("advisor", "change"): {"advisor", "coordinator"},
    ("advisor", "add"): {"coordinator"},
    ("advisor", "delete"): {"coordinator"},
    ("privacynotice", "list"): {"coordinator"},
    ("privacynotice", "view"): {"coordinator"},
    ("privacynotice", "change"): set(),  # versions are never edited, only added
    ("privacynotice", "add"): {"coordinator"},
    ("privacynotice", "delete"): set(),
    ("outboxemail", "list"): {"coordinator"},
    ("outboxemail", "view"): {"coordinator"},
    ("outboxemail", "change"): set(),
    ("outboxemail", "add"): set(),
    ("outboxemail", "delete"): set(),
    ("post", "list"): {"editor", "coordinator"},
    ("post", "view"): {"editor", "coordinator"},
    ("post", "change"): {"editor", "coordinator"},
    ("post", "add"): {"editor", "coordinator"},
    ("post", "delete"): {"editor", "coordinator"},
    ("entity", "list"): ADVISORS | COORDINATOR,
    ("entity", "view"): ADVISORS | COORDINATOR,
    ("entity", "change"): ADVISORS | COORDINATOR,
    ("entity", "add"): ADVISORS | COORDINATOR,
    ("entity", "delete"): COORDINATOR,
    # Edited only inline, on the entity's page: no list of its own.
    ("cooperativedetails", "view"): ADVISORS | COORDINATOR,
    ("cooperativedetails", "change"): ADVISORS | COORDINATOR,
    ("cooperativedetails", "add"): ADVISORS | COORDINATOR,
    ("cooperativedetails", "delete"): COORDINATOR,
    ("support", "list"): ADVISORS | COORDINATOR,
    ("support", "view"): ADVISORS | COORDINATOR,
    ("support", "change"): ADVISORS | COORDINATOR,
    ("support", "add"): ADVISORS | COORDINATOR,
    ("support", "delete"): COORDINATOR,
    **{
        (model, action): LOOKED_UP.get(action, COORDINATOR)
        for model in ("project", "supportkind", "sector", "municipality", "county")
        for action in ACTIONS
    },
}
CASES = [(role, model, action) for (model, action) in ALLOWED for role in ROLES]
MODELS = {
    "supportrequest": SupportRequest,
    "advisorysession": AdvisorySession,
    "advisor": Advisor,
    "privacynotice": PrivacyNotice,
    "outboxemail": OutboxEmail,
    "post": Post,
    "entity": Entity,
    "cooperativedetails": CooperativeDetails,
    "sector": Sector,
    "municipality": Municipality,
    "county": County,
    "project": Project,
    "supportkind": SupportKind,
    "support": Support,
}


def _make(model, owner: Advisor):
    """The object a case acts on, belonging to ``owner`` where that means anything."""
    if model == "supportrequest":
        return SupportRequestFactory(assigned_to=owner)
    if model == "advisorysession":
        return AdvisorySessionFactory(advisor=owner)
    if model == "advisor":
        return owner
    if model == "privacynotice":
        return PrivacyNotice.objects.current()
    if model == "outboxemail":
        return OutboxEmail.objects.create(to="a@example.org", subject="Temat", body="Treść")
    if model == "post":
        return PostFactory(title="Stary tytuł")
    if model == "cooperativedetails":
        return CooperativeDetailsFactory()
    return {
        "entity": EntityFactory,
        "sector": SectorFactory,
        "municipality": MunicipalityFactory,
        "county": CountyFactory,
        "project": ProjectFactory,
        "supportkind": SupportKindFactory,
        "support": SupportFactory,
    }[model]()


def _entity_form(entity, **overrides) -> dict:
    """The entity's admin form as the browser posts it, both inlines empty."""
    fields = {
        "name": entity.name,
        "slug": entity.slug,
        "municipality": str(entity.municipality_id),
        "legal_form": entity.legal_form,
    }
    return form_data(**{**fields, **overrides})


def _renamed(model, obj, name):
    return lambda: MODELS[model].objects.get(pk=obj.pk).name == name


def _change_data(model, obj):
    """A change a user might submit, and how to tell it happened."""
    if model == "supportrequest":
        data = {"new_status": "", "note": "Notatka z matrycy", "assigned_to": obj.assigned_to_id}
        return data, lambda: obj.notes.filter(body="Notatka z matrycy").exists()
    if model == "advisorysession":
        local = timezone.localtime(obj.starts_at)
        data = {
            "advisor": obj.advisor_id,
            "starts_at_0": local.strftime("%Y-%m-%d"),
            "starts_at_1": local.strftime("%H:%M"),
            "duration_minutes": obj.duration_minutes,
            "kind": obj.kind,
            "form": obj.form,
            "entity": obj.entity_id,
            "support_request": "",
            "participants": obj.participants,
            "topic": "Zmieniony temat",
            "outcome": obj.outcome,
            "internal_notes": "",
        }
        return data, lambda: AdvisorySession.objects.get(pk=obj.pk).topic == "Zmieniony temat"
    if model == "advisor":
        data = {"specialities": "nowe", "bio": "", "photo_alt": "", "is_public": "on"}
        return data, lambda: Advisor.objects.get(pk=obj.pk).specialities == "nowe"
    if model == "privacynotice":
        data = {"legal_basis": "zmieniona", "body": "Zmieniona treść"}
        return data, lambda: PrivacyNotice.objects.get(pk=obj.pk).legal_basis == "zmieniona"
    if model == "outboxemail":
        data = {"status": "sent", "subject": "Zmieniony"}
        return data, lambda: OutboxEmail.objects.get(pk=obj.pk).subject == "Zmieniony"
    if model == "entity":
        return _entity_form(obj, name="Zmieniona nazwa"), _renamed(model, obj, "Zmieniona nazwa")
    if model in ("sector", "supportkind"):
        data = {"name": "Zmieniona nazwa", "slug": obj.slug, "position": "3"}
        return data, _renamed(model, obj, "Zmieniona nazwa")
    if model == "county":
        data = {"name": "Zmieniona nazwa", "slug": obj.slug}
        return data, _renamed(model, obj, "Zmieniona nazwa")
    if model == "municipality":
        data = {"name": "Zmieniona nazwa", "slug": obj.slug, "kind": obj.kind,
                "county": obj.county_id}  # fmt: skip
        return data, _renamed(model, obj, "Zmieniona nazwa")
    if model == "project":
        data = {
            "name": "Zmieniona nazwa", "slug": obj.slug, "starts_on": obj.starts_on,
            "ends_on": obj.ends_on, "target_new_entities": "1",
            "target_supported_entities": "2", "target_jobs": "3", "target_advisory_hours": "4",
        }  # fmt: skip
        return data, _renamed(model, obj, "Zmieniona nazwa")
    if model == "support":
        data = {
            "entity": obj.entity_id, "project": obj.project_id, "kind": obj.kind,
            "starts_on": obj.starts_on, "ends_on": "", "grant_pln": "0", "jobs_created": "7",
            "notes": "",
        }  # fmt: skip
        return data, lambda: Support.objects.get(pk=obj.pk).jobs_created == 7
    local = timezone.localtime(obj.published_at)
    data = {
        "title": "Nowy tytuł",
        "slug": obj.slug,
        "lead": obj.lead,
        "body": obj.body,
        "image_alt": "",
        "status": obj.status,
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "author": "",
    }
    return data, lambda: Post.objects.get(pk=obj.pk).title == "Nowy tytuł"


def _app(model):
    return MODELS[model]._meta.app_label


def _attempt_inline(client, action, details) -> bool:
    """Cooperative details are edited on their entity's page: try ``action`` there."""
    entity = details.entity
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    if action == "view":
        response = client.get(url)
        return response.status_code == 200 and any(
            details in inline.formset.queryset
            for inline in response.context["inline_admin_formsets"]
            if inline.opts.model is CooperativeDetails
        )
    if action == "add":
        entity = EntityFactory()
        url = reverse("admin:entities_entity_change", args=[entity.pk])
        client.post(url, _entity_form(entity, **cooperative_form()))
        return CooperativeDetails.objects.filter(entity=entity).exists()
    existing = {
        "cooperative-INITIAL_FORMS": "1",
        "cooperative-0-id": str(details.pk),
        "cooperative-0-entity": str(entity.pk),
    }
    if action == "change":
        data = _entity_form(entity, **cooperative_form(members_count="7"), **existing)
        client.post(url, data)
        return CooperativeDetails.objects.get(pk=details.pk).members_count == 7
    data = _entity_form(entity, **cooperative_form(DELETE="on"), **existing)
    client.post(url, data)
    return not CooperativeDetails.objects.filter(pk=details.pk).exists()


def _attempt(client, model, action, obj) -> bool:
    """Try ``action`` on ``obj``; True if it was possible (judged by its effect)."""
    if model == "cooperativedetails":
        return _attempt_inline(client, action, obj)
    app = _app(model)
    if action == "list":
        response = client.get(reverse(f"admin:{app}_{model}_changelist"))
        return response.status_code == 200 and obj.pk in [
            row.pk for row in response.context["cl"].result_list
        ]
    if action == "view":
        response = client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
        return response.status_code == 200
    if action == "add":
        return client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
    if action == "change":
        data, changed = _change_data(model, obj)
        client.post(reverse(f"admin:{app}_{model}_change", args=[obj.pk]), data)
        return changed()
    client.post(reverse(f"admin:{app}_{model}_delete", args=[obj.pk]), {"post": "yes"})
    return not MODELS[model].objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(("role", "model", "action"), CASES)
def test_role_matrix(client, request, advisor, role, model, action):
    user = advisor.user if role == "advisor" else request.getfixturevalue(role)
    if role != "advisor" and hasattr(user, "user"):
        user = user.user
    obj = _make(model, advisor)
    client.force_login(user)

    allowed = _attempt(client, model, action, obj)

    assert allowed == (role in ALLOWED[(model, action)])


def test_role_matrix_covers_every_back_office_model_of_the_roles_apps():
    """Every model of advisory, entities and projects that has an admin page, or is edited
    inline on one, is in the matrix."""
    apps = {"advisory", "entities", "projects"}
    in_admin = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in apps:
            in_admin.add(model._meta.model_name)
            in_admin |= {inline.model._meta.model_name for inline in model_admin.inlines}

    assert in_admin == {model for model, _action in ALLOWED if _app(model) in apps}
    assert {action for _model, action in ALLOWED} == set(ACTIONS)


def _codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def _all(app, *models, actions=("view", "add", "change", "delete")):
    return {f"{app}.{action}_{model}" for model in models for action in actions}


def test_groups_hold_exactly_the_permissions_of_their_roles(db):
    news_and_pages = _all("news", "post", "category") | _all("pages", "page", "fundinglogo")
    advisory_models = ("supportrequest", "supportneed", "supportrequestevent",
                       "supportrequestnote", "referencecounter", "advisorysession", "advisor",
                       "privacynotice", "outboxemail")  # fmt: skip

    assert _codenames("Editors") == news_and_pages
    assert _codenames("Advisors") == {
        "advisory.view_advisorysession", "advisory.add_advisorysession",
        "advisory.change_advisorysession", "advisory.view_supportrequest",
        "advisory.change_supportrequest", "advisory.view_advisor", "advisory.change_advisor",
        *_all("entities", "entity", "cooperativedetails", actions=("view", "add", "change")),
        *_all("projects", "support", actions=("view", "add", "change")),
        *_all("projects", "project", "supportkind", actions=("view",)),
        *_all("entities", "sector", "municipality", "county", actions=("view",)),
    }  # fmt: skip
    assert _codenames("Coordinators") == {
        *_all("advisory", *advisory_models, actions=("view", "add", "change")),
        "advisory.delete_advisorysession", "advisory.delete_advisor",
        "advisory.view_all_supportrequest", "advisory.assign_supportrequest",
        "advisory.export_personal_data", "advisory.view_all_advisorysession",
        "advisory.view_reports",
        *_all("entities", "entity", "cooperativedetails", "sector", "municipality", "county"),
        *_all("projects", "project", "supportkind", "support"),
        *news_and_pages,
    }  # fmt: skip
