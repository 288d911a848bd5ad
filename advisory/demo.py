"""Demo advisory data: a coordinator, four advisors, 42 support requests (7 in each status)
and about 150 advisory sessions across 2013–2015, built through the services;
``--sessions N`` adds N generated sessions for load tests.

Seeded and idempotent: requests are recognised by their demo submission key, sessions by
advisor and start (generated ones by their numbered topic), users by username; a second
run changes nothing.
"""

import os
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from advisory import services
from advisory.models import (
    Advisor,
    AdvisorySession,
    OutboxEmail,
    PrivacyNotice,
    SupportKind,
    SupportRequest,
)
from entities.models import Entity, Municipality

WARSAW = ZoneInfo("Europe/Warsaw")
SESSIONS = 150
PROJECT_START, PROJECT_END = date(2013, 1, 7), date(2015, 6, 26)

COORDINATOR = ("koordynator", "Ewa", "Marciniak", "koordynator@example.org")
ADVISORS = [
    (
        "doradca-prawny",
        "Katarzyna",
        "Wiśniewska",
        "prawo spółdzielcze, statuty, rejestracja w KRS",
        "Radczyni prawna. Od 2008 roku pomaga grupom inicjatywnym zakładać spółdzielnie socjalne i stowarzyszenia.",
    ),
    (
        "doradca-ksiegowy",
        "Tomasz",
        "Kaczmarek",
        "księgowość, podatki, rozliczanie dotacji",
        "Księgowy z wieloletnią praktyką w organizacjach pozarządowych i spółdzielniach.",
    ),
    (
        "doradca-biznesowy",
        "Magdalena",
        "Nowicka",
        "biznesplan, marketing, sprzedaż usług",
        "Doradczyni biznesowa; pomaga zamienić pomysł w plan, który się spina.",
    ),
    (
        "animator",
        "Piotr",
        "Zieliński",
        "ekonomia społeczna, animacja lokalna, partnerstwa z gminami",
        "Animator ekonomii społecznej w subregionie konińskim, współpracuje z gminami i OPS.",
    ),
]

FIRST_NAMES = ["Anna", "Marek", "Joanna", "Krzysztof", "Agnieszka", "Paweł", "Beata", "Jan"]
LAST_NAMES = ["Nowak", "Kowalska", "Wójcik", "Lewandowski", "Dąbrowska", "Mazur", "Krawczyk"]
NEEDS = [
    "Chcemy założyć spółdzielnię socjalną świadczącą usługi opiekuńcze dla osób starszych w naszej gminie i potrzebujemy pomocy przy statucie.",
    "Prowadzimy stowarzyszenie i chcemy rozpocząć działalność gospodarczą: catering na imprezy lokalne. Jak to rozliczać?",
    "Grupa pięciu osób bezrobotnych planuje spółdzielnię remontowo-budowlaną. Szukamy informacji o dotacji na utworzenie miejsc pracy.",
    "Nasza spółdzielnia potrzebuje planu marketingowego i strony internetowej, żeby dotrzeć do nowych klientów.",
    "Koło gospodyń wiejskich chce sprzedawać przetwory. Jakie mamy możliwości prawne i podatkowe?",
    "Chcemy przygotować biznesplan dla spółdzielni socjalnej osób prawnych zakładanej przez gminę i stowarzyszenie.",
]
SESSION_TOPICS = {
    AdvisorySession.Kind.LEGAL: ["Statut spółdzielni socjalnej", "Wpis do KRS", "Umowy z gminą"],
    AdvisorySession.Kind.ACCOUNTING: ["Plan kont i polityka rachunkowości", "Rozliczenie dotacji"],
    AdvisorySession.Kind.BUSINESS: ["Biznesplan: koszty i ceny", "Analiza rynku usług"],
    AdvisorySession.Kind.MARKETING: ["Promocja usług w internecie", "Oferta dla klientów"],
    AdvisorySession.Kind.SOCIAL_ECONOMY: ["Partnerstwo lokalne", "Reintegracja członków"],
}
# Who does which kind of advisory (index into ADVISORS).
ADVISOR_KINDS = {
    0: [AdvisorySession.Kind.LEGAL],
    1: [AdvisorySession.Kind.ACCOUNTING],
    2: [AdvisorySession.Kind.BUSINESS, AdvisorySession.Kind.MARKETING],
    3: [AdvisorySession.Kind.SOCIAL_ECONOMY, AdvisorySession.Kind.LEGAL],
}
# How far each status gets along the workflow.
PATHS = {
    SupportRequest.Status.NEW: [],
    SupportRequest.Status.IN_REVIEW: ["in_review"],
    SupportRequest.Status.ACCEPTED: ["in_review", "accepted"],
    SupportRequest.Status.REJECTED: ["in_review", "rejected"],
    SupportRequest.Status.IN_PROGRESS: ["in_review", "accepted", "in_progress"],
    SupportRequest.Status.CLOSED: ["in_review", "accepted", "in_progress", "closed"],
}
PER_STATUS = 7


def _user(username, first_name, last_name, email, group, password):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "is_staff": True,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group))
    return user, created


def _random_moment(rng, start: date, end: date, hour_from=8, hour_to=15) -> datetime:
    day = start + timedelta(days=rng.randrange((end - start).days + 1))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(
        day, time(rng.randrange(hour_from, hour_to + 1), rng.choice([0, 30])), tzinfo=WARSAW
    )


def load(*, command, options):
    rng_seed = options.get("seed") or 2013
    rng = random.Random(rng_seed)
    password = os.environ.get("DEMO_ADMIN_PASSWORD", "kowes-demo-2013")
    coordinator, created = _user(*COORDINATOR, "Coordinators", password)
    if created:
        command.stdout.write(f"Created the demo coordinator {COORDINATOR[0]!r}.")
    advisors = []
    for username, first, last, specialities, bio in ADVISORS:
        user, created = _user(
            username, first, last, f"{username}@example.org", "Advisors", password
        )
        advisor, _ = Advisor.objects.get_or_create(
            user=user, defaults={"specialities": specialities, "bio": bio}
        )
        advisors.append(advisor)
        if created:
            command.stdout.write(f"Created the demo advisor {username!r}.")

    requests_created = _load_requests(rng, advisors, coordinator)
    # A random stream of its own: the sessions come out the same whether or not the
    # requests were created in this run.
    sessions_created = _load_sessions(random.Random(rng_seed + 1), advisors)
    if requests_created or sessions_created:
        command.stdout.write(
            f"Advisory demo: {requests_created} support requests, {sessions_created} sessions."
        )
    if options.get("sessions"):
        generate_sessions(
            count=options["sessions"], seed=rng_seed, advisors=advisors, command=command
        )


def _load_requests(rng, advisors, coordinator) -> int:
    municipalities = list(Municipality.objects.order_by("pk"))
    entities = list(Entity.objects.order_by("pk"))
    notice = PrivacyNotice.objects.current()
    now = timezone.now()
    created_count = 0
    index = 0
    for status, steps in PATHS.items():
        for _n in range(PER_STATUS):
            index += 1
            kind = rng.choice(SupportRequest.ApplicantKind.values)
            entity = rng.choice(entities) if entities and kind == "entity" else None
            if status in (SupportRequest.Status.NEW, SupportRequest.Status.IN_REVIEW):
                # Recent, so that some are overdue and some are not.
                days = rng.randrange(2, 6) if index % 2 else rng.randrange(9, 15)
                submitted = now - timedelta(days=days, hours=rng.randrange(8))
            else:
                submitted = _random_moment(rng, PROJECT_START, date(2015, 3, 31))
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            support_request, created = services.support_request_submit(
                idempotency_key=f"demo-request-{index}",
                applicant_name=f"{first} {last}",
                email=f"zglaszajacy{index}@example.org",
                phone=f"+48 600 100 {index:03d}" if index % 2 else "",
                applicant_kind=kind,
                entity=entity,
                entity_name="" if entity or kind == "person" else f"Grupa inicjatywna nr {index}",
                cooperative_type=rng.choice(SupportRequest.CooperativeType.values)
                if kind != "entity"
                else "",
                founders_count=rng.randrange(3, 9) if kind != "entity" else None,
                municipality=rng.choice(municipalities),
                support_kinds=rng.sample(SupportKind.values, rng.randrange(1, 4)),
                description=rng.choice(NEEDS),
                preferred_contact_time=rng.choice(["", "dni robocze po 15:00", "rano"]),
                privacy_notice=notice,
                privacy_notice_shown_at=submitted - timedelta(minutes=6),
                now=submitted,
            )
            if not created:
                continue
            created_count += 1
            moment = submitted
            for step in steps:
                moment += timedelta(days=rng.randrange(1, 12), hours=rng.randrange(5))
                if step == "accepted":
                    services.support_request_assign(
                        support_request=support_request,
                        advisor=rng.choice(advisors),
                        actor=coordinator,
                        now=moment,
                    )
                services.support_request_transition(
                    support_request=support_request, to_status=step, actor=coordinator, now=moment
                )
            if steps and rng.random() < 0.5:
                services.support_request_add_note(
                    support_request=support_request,
                    body="Rozmowa telefoniczna: ustalono termin pierwszego spotkania.",
                    actor=coordinator,
                    now=moment + timedelta(hours=1),
                )
    # The demo's applicants are made up: nobody is to be e-mailed.
    OutboxEmail.objects.filter(support_request__idempotency_key__startswith="demo-").delete()
    return created_count


def _load_sessions(rng, advisors) -> int:
    entities = list(Entity.objects.order_by("pk"))
    served_requests = list(
        SupportRequest.objects.filter(
            idempotency_key__startswith="demo-",
            status__in=[
                SupportRequest.Status.ACCEPTED,
                SupportRequest.Status.IN_PROGRESS,
                SupportRequest.Status.CLOSED,
            ],
        )
        .select_related("assigned_to")
        .order_by("pk")
    )
    if not entities and not served_requests:
        return 0
    created_count = present = 0
    for _attempt in range(SESSIONS * 3):
        if present >= SESSIONS:
            break
        use_entity = entities and (not served_requests or rng.random() < 0.6)
        entity = rng.choice(entities) if use_entity else None
        support_request = None if use_entity else rng.choice(served_requests)
        advisor_index = rng.randrange(len(advisors))
        if support_request and support_request.assigned_to in advisors:
            advisor_index = advisors.index(support_request.assigned_to)
        advisor = advisors[advisor_index]
        kind = rng.choice(ADVISOR_KINDS[advisor_index])
        starts_at = _random_moment(rng, PROJECT_START, PROJECT_END, 9, 15)
        duration = rng.choice([45, 60, 60, 90, 120, 180])
        form = rng.choice(AdvisorySession.Form.values)
        participants = rng.randrange(1, 6)
        topic = rng.choice(SESSION_TOPICS[kind])
        if AdvisorySession.objects.filter(advisor=advisor, starts_at=starts_at).exists():
            present += 1
            continue
        if services.session_overlapping(
            advisor=advisor, starts_at=starts_at, duration_minutes=duration
        ):
            continue
        services.session_save(
            session=AdvisorySession(
                advisor=advisor,
                starts_at=starts_at,
                duration_minutes=duration,
                kind=kind,
                form=form,
                entity=entity,
                support_request=support_request,
                participants=participants,
                topic=topic,
                outcome="Omówiono kolejne kroki; uczestnicy otrzymali materiały i listę zadań.",
            ),
            actor=advisor.user,
        )
        created_count += 1
        present += 1
    return created_count


GENERATED_TOPIC = "Sesja testowa nr "


def generate_sessions(*, count, seed, advisors, command, batch_size=2000):
    """Add ``count`` generated advisory sessions for load tests: bulk inserts, numbered
    topics (a rerun adds none). They start at a quarter past or to the hour, which no demo
    session does, so the demo's own sessions are recognised as before."""
    rng = random.Random(seed + 2)
    entity_ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    if not entity_ids:
        command.stdout.write("Added 0 generated advisory sessions (no entities to serve).")
        return
    existing = set(
        AdvisorySession.objects.filter(topic__startswith=GENERATED_TOPIC).values_list(
            "topic", flat=True
        )
    )
    added = 0
    for start in range(1, count + 1, batch_size):
        batch = []
        for number in range(start, min(start + batch_size, count + 1)):
            topic = f"{GENERATED_TOPIC}{number:06d}"
            if topic in existing:
                continue
            batch.append(_generated_session(rng, advisors, entity_ids, topic))
        AdvisorySession.objects.bulk_create(batch, batch_size=batch_size)
        added += len(batch)
    command.stdout.write(f"Added {added} generated advisory sessions.")


def _generated_session(rng, advisors, entity_ids, topic) -> AdvisorySession:
    advisor_index = rng.randrange(len(advisors))
    advisor = advisors[advisor_index]
    starts_at = _random_moment(rng, PROJECT_START, PROJECT_END, 9, 15)
    return AdvisorySession(
        advisor=advisor,
        starts_at=starts_at.replace(minute=starts_at.minute + 15),
        duration_minutes=rng.choice([45, 60, 90, 120]),
        kind=rng.choice(ADVISOR_KINDS[advisor_index]),
        form=rng.choice(AdvisorySession.Form.values),
        entity_id=rng.choice(entity_ids),
        participants=rng.randrange(1, 6),
        topic=topic,
        outcome="Sesja wygenerowana do testów wydajności portalu.",
        created_by=advisor.user,
    )
