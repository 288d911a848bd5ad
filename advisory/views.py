import secrets

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from advisory import services
from advisory.forms import SupportRequestForm
from advisory.ical import advisor_calendar_ics
from advisory.models import (
    Advisor,
    AdvisorySession,
    PrivacyNotice,
    SupportKind,
    SupportRequest,
    SupportRequestEvent,
)
from kowes.security import client_ip, log_security_event

# What happens next, told to the applicant on the status page.
NEXT_STEPS = {
    SupportRequest.Status.NEW: _(
        "We have received your request. A coordinator will look at it within 7 days."
    ),
    SupportRequest.Status.IN_REVIEW: _(
        "A coordinator is reviewing your request and may call or write to you with questions."
    ),
    SupportRequest.Status.ACCEPTED: _(
        "Your request has been accepted. An advisor will contact you to arrange a meeting."
    ),
    SupportRequest.Status.REJECTED: _(
        "We cannot help with this request. We have written to you with the reasons; you may "
        "send a new request at any time."
    ),
    SupportRequest.Status.IN_PROGRESS: _(
        "Your advisor is working with you. Get in touch with them about the next meeting."
    ),
    SupportRequest.Status.CLOSED: _(
        "The support has ended. Thank you! You may send a new request at any time."
    ),
}

SUPPORT_KIND_DESCRIPTIONS = {
    SupportKind.LEGAL: _(
        "Choosing a legal form, statutes, registration in the KRS, contracts and the law of "
        "social cooperatives."
    ),
    SupportKind.ACCOUNTING: _("Bookkeeping, taxes, payroll and the finances of a young entity."),
    SupportKind.BUSINESS_PLAN: _(
        "Turning an idea into a business plan: market, costs, prices and financing."
    ),
    SupportKind.MARKETING: _("Reaching customers: offer, prices, promotion and the internet."),
    SupportKind.GRANT: _(
        "Grants for founding a social cooperative and creating jobs, with bridging support."
    ),
    SupportKind.TRAINING: _("Training and workshops for founders, members and staff."),
    SupportKind.OTHER: _("Anything else a social-economy entity needs: just ask."),
}


class SupportRequestCreateView(View):
    """The public form: POST-redirect-GET to the confirmation page."""

    template_name = "advisory/supportrequest_form.html"

    def render_form(self, form, *, status=200, notice=None):
        return render(
            self.request,
            self.template_name,
            {"form": form, "privacy_notice": notice, "error_summary": form.error_summary()},
            status=status,
        )

    def get(self, request):
        notice = PrivacyNotice.objects.current()
        return self.render_form(SupportRequestForm(privacy_notice=notice), notice=notice)

    def post(self, request):
        notice = PrivacyNotice.objects.current()
        form = SupportRequestForm(request.POST, privacy_notice=notice)
        if not form.is_valid():
            return self.render_form(form, status=400, notice=notice)
        if form.is_spam:
            log_security_event("honeypot", request, scope="support-request")
            form.add_error(None, _("The form could not be sent. Please try again."))
            return self.render_form(form, status=400, notice=notice)
        existing = SupportRequest.objects.filter(idempotency_key=form.idempotency_key).first()
        if existing:  # the same filling sent again: show the request it created
            return redirect("advisory:request-submitted", token=existing.status_token)
        allowed = services.rate_limit_hit(
            scope="support-request",
            client=client_ip(request),
            limit=settings.ADVISORY_RATE_LIMIT,
            period=60 * 60,
        )
        if not allowed:
            log_security_event("rate_limited", request, scope="support-request")
            form.add_error(
                None,
                _(
                    "Many requests have been sent from your connection in the last hour. "
                    "Please try again later or call us."
                ),
            )
            return self.render_form(form, status=429, notice=notice)
        shown_notice = (
            PrivacyNotice.objects.filter(version=form.shown_notice_version).first() or notice
        )
        data = form.cleaned_data
        support_request, _created = services.support_request_submit(
            idempotency_key=form.idempotency_key,
            applicant_name=data["applicant_name"],
            email=data["email"],
            phone=data["phone"],
            applicant_kind=data["applicant_kind"],
            entity=data["entity"],
            entity_name=data["entity_name"],
            cooperative_type=data["cooperative_type"],
            founders_count=data["founders_count"],
            municipality=data["municipality"],
            support_kinds=data["support_kinds"],
            description=data["description"],
            preferred_contact_time=data["preferred_contact_time"],
            privacy_notice=shown_notice,
            privacy_notice_shown_at=form.shown_at,
            language=get_language() or settings.LANGUAGE_CODE,
        )
        return redirect("advisory:request-submitted", token=support_request.status_token)


def _request_by_token(token: str) -> SupportRequest:
    support_request = (
        SupportRequest.objects.filter(status_token=token).prefetch_related("needs").first()
    )
    if support_request is None or not secrets.compare_digest(support_request.status_token, token):
        raise Http404
    return support_request


@method_decorator(never_cache, name="dispatch")
class SupportRequestSubmittedView(TemplateView):
    template_name = "advisory/supportrequest_submitted.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["support_request"] = _request_by_token(self.kwargs["token"])
        return context


@method_decorator(never_cache, name="dispatch")
class SupportRequestStatusView(TemplateView):
    """What an applicant sees behind the private link: never internal notes."""

    template_name = "advisory/supportrequest_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        support_request = _request_by_token(self.kwargs["token"])
        context["support_request"] = support_request
        context["history"] = support_request.events.filter(
            kind__in=[SupportRequestEvent.Kind.SUBMITTED, SupportRequestEvent.Kind.STATUS_CHANGED]
        )
        context["next_step"] = NEXT_STEPS[SupportRequest.Status(support_request.status)]
        return context


class OfferView(TemplateView):
    """The public offer page: kinds of support, the advisors and how to ask."""

    template_name = "advisory/offer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["support_kinds"] = [
            {"label": kind.label, "description": SUPPORT_KIND_DESCRIPTIONS[kind]}
            for kind in SupportKind
        ]
        context["advisors"] = Advisor.objects.filter(
            is_public=True, user__is_active=True
        ).select_related("user")
        context["session_forms"] = AdvisorySession.Form.choices
        context["form_url"] = reverse("advisory:request-create")
        context["contact_url"] = reverse("pages:page-detail", kwargs={"slug": "kontakt"})
        return context


@require_GET
def advisor_calendar(request, token):
    """An advisor's sessions as an iCalendar feed behind a private link."""
    advisor = Advisor.objects.filter(calendar_token=token).select_related("user").first()
    if advisor is None or not secrets.compare_digest(advisor.calendar_token, token):
        raise Http404
    sessions = advisor.sessions.select_related("entity", "support_request").order_by(
        "starts_at", "pk"
    )
    body = advisor_calendar_ics(
        advisor=advisor, sessions=sessions, host=request.get_host(), now=timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kowes-sesje.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
