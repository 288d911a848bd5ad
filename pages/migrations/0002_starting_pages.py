"""The starting text of the pages the layout links to; staff edit it in the admin."""

from django.db import migrations

ABOUT = """\
Koniński Ośrodek Wsparcia Ekonomii Społecznej (KOWES) to projekt realizowany od
1 stycznia 2013 roku do 30 czerwca 2015 roku przez stowarzyszenie działające w Koninie,
współfinansowany przez Unię Europejską ze środków Europejskiego Funduszu Społecznego.

## Cele projektu

Głównym celem projektu jest **wzmocnienie sektora ekonomii społecznej w subregionie
konińskim** – w Koninie oraz w powiatach konińskim, kolskim, słupeckim i tureckim.

Do końca projektu chcemy:

- pomóc w **utworzeniu 20 nowych** podmiotów ekonomii społecznej, przede wszystkim
  spółdzielni socjalnych,
- **wesprzeć 50 działających** podmiotów ekonomii społecznej,
- tworzyć miejsca pracy dla osób zagrożonych wykluczeniem społecznym.

Postępy projektu pokazujemy na bieżąco na stronie wskaźników.

## Co oferujemy

- doradztwo prawne, księgowe, biznesowe i marketingowe,
- szkolenia i warsztaty dla grup inicjatywnych i podmiotów ekonomii społecznej,
- wsparcie finansowe (dotacje) na założenie spółdzielni socjalnej i utworzenie miejsc pracy,
- pomoc w nawiązywaniu współpracy z samorządami i przedsiębiorcami.

Wszystkie formy wsparcia są bezpłatne.
"""

CONTACT = """\
## Biuro projektu

Koniński Ośrodek Wsparcia Ekonomii Społecznej
ul. Przykładowa 1, 62-500 Konin

- telefon: [+48 63 000 00 00](tel:+48630000000)
- e-mail: [kowes@example.org](mailto:kowes@example.org)

Biuro jest czynne od poniedziałku do piątku w godzinach 8:00–16:00.
Do biura prowadzi wejście bez progów; w budynku jest winda.

Jeśli potrzebujesz tłumacza polskiego języka migowego, napisz do nas co najmniej
3 dni robocze przed wizytą.
"""

PRIVACY = """\
## Klauzula informacyjna (RODO)

Zgodnie z art. 13 rozporządzenia Parlamentu Europejskiego i Rady (UE) 2016/679
z 27 kwietnia 2016 r. (RODO) informujemy, że:

1. **Administratorem** Twoich danych osobowych jest stowarzyszenie prowadzące
   Koniński Ośrodek Wsparcia Ekonomii Społecznej, ul. Przykładowa 1, 62-500 Konin,
   e-mail: [kowes@example.org](mailto:kowes@example.org).
2. Z **inspektorem ochrony danych** skontaktujesz się pod adresem
   [iod@example.org](mailto:iod@example.org).
3. Dane przetwarzamy, aby odpowiedzieć na zgłoszenie, udzielić wsparcia i rozliczyć
   projekt współfinansowany ze środków Unii Europejskiej (art. 6 ust. 1 lit. c i e RODO),
   a także na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO).
4. Odbiorcami danych mogą być instytucje finansujące i kontrolujące projekt oraz firmy,
   które obsługują dla nas pocztę elektroniczną i serwer – wyłącznie na podstawie umów
   powierzenia.
5. Dane przechowujemy nie dłużej, niż wymagają tego przepisy o rozliczaniu projektów
   unijnych; zgłoszenia zakończone anonimizujemy po okresie podanym w ustawieniach portalu.
6. Masz prawo dostępu do danych, ich sprostowania, usunięcia lub ograniczenia
   przetwarzania, przenoszenia danych, wniesienia sprzeciwu, cofnięcia zgody w dowolnym
   momencie oraz wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych.
7. Podanie danych jest dobrowolne, ale bez nich nie możemy udzielić wsparcia.
   Nie podejmujemy decyzji w sposób zautomatyzowany.

## Pliki cookies

Portal używa wyłącznie niezbędnych plików cookies: do zapamiętania sesji pracowników
i ochrony formularzy. Nie używamy cookies reklamowych ani analitycznych.
"""

ACCESSIBILITY = """\
Koniński Ośrodek Wsparcia Ekonomii Społecznej zobowiązuje się zapewnić dostępność
swojej strony internetowej zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności
cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych.
Oświadczenie w sprawie dostępności ma zastosowanie do tego portalu.

## Stan dostępności cyfrowej

Strona internetowa jest **zgodna** z Web Content Accessibility Guidelines (WCAG) 2.1
na poziomie AA. Każda zmiana portalu jest sprawdzana automatycznym audytem dostępności
(axe-core) oraz testami z użyciem samej klawiatury i na ekranie telefonu.

## Ułatwienia

- link „Przejdź do treści” na początku każdej strony,
- pełna obsługa za pomocą klawiatury i widoczny fokus,
- strona działa bez JavaScriptu i przy powiększeniu do 400%,
- obrazy mają opisy alternatywne, wykresy – tabele z danymi.

## Informacje zwrotne i dane kontaktowe

Jeśli zauważysz problem z dostępnością, napisz do nas:
[kowes@example.org](mailto:kowes@example.org), telefon +48 63 000 00 00.
Tą samą drogą możesz złożyć wniosek o udostępnienie niedostępnej informacji
lub żądanie zapewnienia dostępności. Odpowiemy niezwłocznie, nie później niż w ciągu
7 dni. Jeśli odmówimy, możesz złożyć skargę, a następnie zawiadomić Rzecznika Praw
Obywatelskich.

## Dostępność architektoniczna

Biuro projektu znajduje się w Koninie, przy ul. Przykładowej 1. Do budynku prowadzi
wejście bez progów, w budynku jest winda i toaleta dla osób z niepełnosprawnościami.
Można wejść z psem asystującym.
"""

PAGES = [
    ("o-projekcie", "O projekcie", "Kim jesteśmy, co chcemy osiągnąć i jak pomagamy.", ABOUT),
    ("kontakt", "Kontakt", "Jak się z nami skontaktować.", CONTACT),
    ("polityka-prywatnosci", "Polityka prywatności", "", PRIVACY),
    ("deklaracja-dostepnosci", "Deklaracja dostępności", "", ACCESSIBILITY),
]


def load(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for slug, title, lead, body in PAGES:
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "lead": lead, "body": body})


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
