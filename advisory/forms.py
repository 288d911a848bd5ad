import secrets
import time
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from advisory.models import PrivacyNotice, SupportKind, SupportRequest, phone_validator
from entities.models import Entity, Municipality

FORM_TOKEN_SALT = "advisory.support-request-form"
FORM_TOKEN_MAX_AGE = 24 * 60 * 60
# The honeypot's name: nothing an autofill, a password manager or a person would fill.
HONEYPOT_FIELD = "hp_b7k"


def form_token_new(*, privacy_notice: PrivacyNotice | None) -> str:
    """A signed token for one filling of the form: its idempotency key, when the form was
    shown and which privacy notice version was shown with it."""
    return signing.dumps(
        {
            "k": secrets.token_urlsafe(24),
            "t": time.time(),
            "v": privacy_notice.version if privacy_notice else None,
        },
        salt=FORM_TOKEN_SALT,
    )


class SupportRequestForm(forms.Form):
    """The public form "Zgłoś potrzebę wsparcia"."""

    applicant_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the reference number and a private link to follow the request."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
    )
    applicant_kind = forms.ChoiceField(
        label=_("You are writing as"),
        choices=SupportRequest.ApplicantKind.choices,
        widget=forms.RadioSelect,
    )
    entity = forms.ModelChoiceField(
        label=_("Your entity in our directory (optional)"),
        queryset=Entity.objects.public(),
        required=False,
        empty_label=_("— not in the directory —"),
    )
    entity_name = forms.CharField(
        label=_("Name of the entity or group (optional)"),
        max_length=250,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    cooperative_type = forms.ChoiceField(
        label=_("Type of social cooperative you plan (optional)"),
        choices=[("", _("— choose —")), *SupportRequest.CooperativeType.choices],
        required=False,
    )
    founders_count = forms.IntegerField(
        label=_("Number of founders (optional)"),
        min_value=1,
        max_value=50,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        empty_label=_("— choose —"),
        help_text=_("Where you live or where the entity has its seat."),
    )
    support_kinds = forms.MultipleChoiceField(
        label=_("What do you need help with?"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of support.")},
    )
    description = forms.CharField(
        label=_("Describe your need"),
        min_length=20,
        max_length=3000,
        help_text=_(
            "A few sentences: what you plan and what help you expect (20–3000 characters). "
            "Do not give your PESEL number or information about your health."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    preferred_contact_time = forms.CharField(
        label=_("When may we call you? (optional)"),
        max_length=200,
        required=False,
        help_text=_("E.g. weekdays after 3 p.m."),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    hp_b7k = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, privacy_notice: PrivacyNotice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_notice = privacy_notice
        self.token_data = None
        self.is_spam = False
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput) and name != HONEYPOT_FIELD:
                widget.attrs.setdefault("class", "form-control")

    @property
    def token_value(self) -> str:
        """The form token to render: the one sent if it was good (so a second submit of
        the same filling is recognised), else a new one."""
        if self.is_bound and self.token_data is not None:
            return self.data.get("form_token", "")
        return form_token_new(privacy_notice=self.privacy_notice)

    def clean_form_token(self):
        value = self.cleaned_data["form_token"]
        try:
            data = signing.loads(value, salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open for too long. Check your answers and send it again."),
                code="expired",
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form could not be read. Check your answers and send it again."),
                code="bad_token",
            ) from None
        self.token_data = data
        if time.time() - data["t"] < settings.ADVISORY_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent very quickly. Check your answers and send it again."),
                code="too_fast",
            )
        return value

    def clean_hp_b7k(self):
        value = self.cleaned_data[HONEYPOT_FIELD]
        if value:
            self.is_spam = True
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_kind")
        if kind == SupportRequest.ApplicantKind.ENTITY:
            cleaned["cooperative_type"] = ""
            cleaned["founders_count"] = None
            if not cleaned.get("entity") and not cleaned.get("entity_name", "").strip():
                self.add_error(
                    "entity_name",
                    _("Give the name of your entity or choose it from the directory."),
                )
        return cleaned

    @property
    def idempotency_key(self) -> str:
        return self.token_data["k"]

    @property
    def shown_at(self) -> datetime:
        return datetime.fromtimestamp(self.token_data["t"], tz=UTC)

    @property
    def shown_notice_version(self):
        return self.token_data.get("v")

    def error_summary(self) -> list[dict]:
        """The errors for the summary at the top: each links to its field."""
        items = [
            {"anchor": "request-form", "label": "", "message": message}
            for message in self.non_field_errors()
        ]
        for name, field in self.fields.items():
            if name not in self.errors or name == HONEYPOT_FIELD:
                continue
            bound = self[name]
            anchor = bound.auto_id
            if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                anchor = f"{bound.auto_id}_0"
            if name == "form_token":
                anchor, label = "request-form", ""
            else:
                label = field.label
            items.extend(
                {"anchor": anchor, "label": label, "message": message}
                for message in self.errors[name]
            )
        return items

    def visible_fields_in_order(self):
        return [self[name] for name in self.fields if name not in ("form_token", HONEYPOT_FIELD)]
