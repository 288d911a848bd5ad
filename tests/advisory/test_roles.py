"""Who may do what in the back office: a matrix of role × model × action.

Each case acts through the admin as that role and looks at the effect (the object listed,
the page shown, the database changed), so a forged URL or POST counts like a real one.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from advisory.models import Advisor, AdvisorySession, OutboxEmail, PrivacyNotice, SupportRequest
from entities.models import Entity
from news.models import Post
from tests.advisory.factories import AdvisorySessionFactory, SupportRequestFactory
from tests.factories import EntityFactory, PostFactory

ROLES = ["editor", "advisor", "other_advisor", "coordinator"]
ACTIONS = ["list", "view", "change", "add", "delete"]

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
    ("entity", "list"): {"advisor", "other_advisor", "coordinator"},
    ("entity", "view"): {"advisor", "other_advisor", "coordinator"},
    ("entity", "add"): {"advisor", "other_advisor", "coordinator"},
}
CASES = [
    (role, model, action)
    for (model, action) in ALLOWED
    for role in ROLES
    if not (model == "entity" and action in ("change", "delete"))
]


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
    return EntityFactory()


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
    return {"post": "news", "entity": "entities"}.get(model, "advisory")


def _attempt(client, model, action, obj) -> bool:
    """Try ``action`` on ``obj``; True if it was possible (judged by its effect)."""
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
    model_class = {
        "supportrequest": SupportRequest,
        "advisorysession": AdvisorySession,
        "advisor": Advisor,
        "privacynotice": PrivacyNotice,
        "outboxemail": OutboxEmail,
        "post": Post,
        "entity": Entity,
    }[model]
    return not model_class.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(("role", "model", "action"), CASES)
def test_role_matrix(client, request, advisor, role, model, action):
    user = advisor.user if role == "advisor" else request.getfixturevalue(role)
    if role != "advisor" and hasattr(user, "user"):
        user = user.user
    obj = _make(model, advisor)
    client.force_login(user)

    allowed = _attempt(client, model, action, obj)

    assert allowed == (role in ALLOWED[(model, action)])


def test_role_matrix_covers_every_model_of_the_app():
    from django.apps import apps

    registered = {
        model._meta.model_name
        for model in apps.get_app_config("advisory").get_models()
        if model._meta.model_name in {m for m, _a in ALLOWED}
    }
    assert registered == {
        "supportrequest",
        "advisorysession",
        "advisor",
        "privacynotice",
        "outboxemail",
    }
