"""German, Spanish, Italian and Portuguese pages: the same kinds of boilerplate, tickers and
credits as in French and English, in those languages' words.

Fixtures are invented stories (tests/fixtures/pages/{de,es,it,pt}_article.html and
tests/fixtures/text/{de,es,it,pt}-*.txt).  Each page states its title, the opening words of
every body block in order, the boilerplate lines that must not reach the text, its ticker,
its sources and its language.  Sentences that begin like boilerplate ("Teilen sich...",
"Compartir mesa...", "La fonte del finanziamento...") are body blocks of those pages, so the
block lists also check that they are kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import clean_page, default_catalog
from pipeline.boilerplate import boilerplate_reason, drop_boilerplate
from pipeline.document import Document
from pipeline.sources import tag_sources
from pipeline.ticker import parse_ticker_line, split_ticker

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CATALOG = default_catalog()


@dataclass(frozen=True)
class Page:
    path: str  # under tests/fixtures
    language: str
    title: str
    blocks: tuple[str, ...]  # the opening words of every body block, in order
    boilerplate: tuple[str, ...]  # must not be in the text
    ticker: tuple[tuple[str, str], ...]
    sources: frozenset[str]  # tagged today
    more_sources: frozenset[str] = frozenset()  # tagged from credit lines in the language of the page

    @property
    def id(self) -> str:
        return Path(self.path).stem


PAGES = (
    Page(
        "pages/de_article.html", "de",
        "Neue Fähre verbindet Lindau und Bregenz ab Mai im Stundentakt",
        (
            "Lindau (dpa) - Zwischen Lindau und Bregenz soll",
            "Bisher fuhren die Schiffe nur in den Sommermonaten",
            "Teilen sich künftig zwei Schiffe die Strecke",
            "Kritik am Fahrpreis",
            "Der Fahrgastverband begrüßte die Pläne",
            "Die Gemeinden auf beiden Seiten des Sees",
        ),
        (
            "Wir verwenden Cookies", "Alle akzeptieren", "Region", "Politik", "Bann728x90", "Newsticker",
            "Sturmwarnung", "Von Miriam Holzapfel", "Aktualisiert am", "E-Mail", "Folgen Sie uns",
            "Lesen Sie auch", "Hafenfest", "Quelle: dpa", "Anzeige", "Schlagworte", "Newsletter",
            "Mehr zum Thema", "Radweg", "Alle Rechte vorbehalten", "Impressum", "Datenschutz",
        ),
        (
            ("10:18", "Sturmwarnung für das Allgäu bis Mitternacht"),
            ("09:47", "Handballerinnen gewinnen das Derby knapp"),
            ("08:05", "Bäckereikette eröffnet dritte Filiale am Hafen"),
        ),
        frozenset({"dpa"}),
    ),
    Page(
        "pages/es_article.html", "es",
        "Valencia abrirá en junio el primer refugio climático en una biblioteca",
        (
            "Valencia, 20 may (EFE).- El Ayuntamiento de Valencia",
            "La concejala de Bienestar Social explicó",
            "Compartir mesa y sombra con los vecinos",
            "Más espacios el próximo verano",
            "El consistorio estudia habilitar otros cinco refugios",
            "Según datos de la Agencia Estatal de Meteorología",
        ),
        (
            "Utilizamos cookies", "Configurar", "Deportes", "Bann970x250", "Última hora", "Corte de tráfico",
            "Por Lucía Ferrer", "Publicado el", "Compartir en", "WhatsApp", "Síguenos", "Te puede interesar",
            "ola de calor", "Con información de", "Publicidad", "Etiquetas", "Suscríbete", "boletín",
            "Noticias relacionadas", "Nuevas fuentes", "Todos los derechos reservados", "Aviso legal",
        ),
        (
            ("10:18", "Corte de tráfico en la avenida del Puerto por obras"),
            ("09:52", "El Levante presenta a su nuevo entrenador"),
            ("08:30", "La Filmoteca amplía su horario de verano"),
        ),
        frozenset({"EFE"}),
        frozenset({"Europa Press"}),
    ),
    Page(
        "pages/it_article.html", "it",
        "Torino, il tram storico torna a circolare sulla collina",
        (
            "(ANSA) - TORINO, 9 APR - Dopo sei anni di fermo",
            "Il restauro delle due vetture",
            "Condividi la tua esperienza, ha detto il presidente",
            "Biglietti e orari",
            "Il biglietto costerà cinque euro",
            "La fonte del finanziamento per la manutenzione",
        ),
        (
            "Questo sito utilizza cookie", "Personalizza", "Cronaca", "pub-300x250", "Ultim'ora",
            "Incidente in corso Francia", "di Giulia Bertolotti", "Aggiornato il", "Seguici",
            "Leggi anche", "funicolare", "Fonte: ANSA", "Pubblicità", "Argomenti", "Iscriviti",
            "Potrebbe interessarti", "piste ciclabili", "Tutti i diritti riservati", "P.IVA", "Chi siamo",
        ),
        (
            ("10:18", "Incidente in corso Francia, traffico rallentato"),
            ("09:40", "La squadra rinnova il contratto del difensore"),
            ("08:15", "Sciopero dei trasporti previsto per venerdì"),
        ),
        frozenset({"ANSA"}),
    ),
    Page(
        "pages/pt_article.html", "pt",
        "Porto vai plantar três mil árvores nas margens do Douro até ao fim do ano",
        (
            "A Câmara Municipal do Porto anunciou esta quarta-feira",
            "As primeiras plantações começam já no próximo mês",
            "Partilhar o cuidado das árvores com os moradores",
            "Espécies autóctones",
            "A autarquia escolheu sobretudo espécies autóctones",
            "O investimento total ronda os dois milhões de euros",
        ),
        (
            "Este site utiliza cookies", "Saber mais", "Desporto", "Bann728x90", "Últimas", "Greve nos comboios",
            "Por Inês Carvalho", "Atualizado em", "Partilhar\n", "Siga-nos", "Leia também", "Cheia no Douro",
            "Com informações", "Publicidade", "Palavras-chave", "newsletter", "Notícias relacionadas",
            "Jardim do Morro", "Todos os direitos reservados", "Quem somos",
        ),
        (
            ("10:18", "Greve nos comboios suburbanos na sexta-feira"),
            ("09:45", "Clube da cidade apresenta dois reforços"),
            ("08:02", "Feira do livro abre portas no Palácio"),
        ),
        frozenset(),  # "avança a agência Lusa" is a sentence, not a credit
        frozenset({"Lusa"}),  # "Com informações da Lusa"
    ),
    Page(
        "text/de-dpa-meldung.txt", "de",
        "Stadtwerke wollen Fernwärmenetz bis 2030 verdoppeln",
        (
            "Freiburg (dpa) - Die Stadtwerke Freiburg wollen",
            "Für den Ausbau müssen in mehreren Stadtteilen",
            "Teilen wollen sich die Kosten",
            "Kritik vom Mieterverein",
            "Der Mieterverein warnte vor steigenden Nebenkosten",
            "Von Anfang an sei klar gewesen",
        ),
        (
            "Bann728x90", "Sturmwarnung", "Uhr", "Wir verwenden Cookies", "Startseite", "Folgen Sie uns",
            "Von Katrin Wegener", "Aktualisiert am", "Drucken", "Quelle: dpa", "Mehr zum Thema",
            "Heizungsregeln", "Solardächer", "Schlagworte", "Newsletter", "Impressum",
            "Alle Rechte vorbehalten",
        ),
        (
            ("10:18", "Sturmwarnung für das Allgäu bis Mitternacht"),
            ("09:47", "Handballerinnen gewinnen das Derby knapp"),
            ("08:05", "Bäckereikette eröffnet dritte Filiale am Hafen"),
        ),
        frozenset({"dpa"}),
    ),
    Page(
        "text/es-efe-noticia.txt", "es",
        "El Gobierno aprueba un plan para recuperar los humedales del Ebro",
        (
            "Madrid, 22 abr (EFE).- El Consejo de Ministros",
            "El plan prevé devolver al río",
            "Compartir el agua entre regantes",
            "Reacciones en el territorio",
            "Los ayuntamientos del delta celebraron el acuerdo",
            "Con información de la policía local, los vecinos",
        ),
        (
            "Corte de tráfico", "10:18", "Síguenos", "Portada", "Por Javier Montes", "Publicado el",
            "WhatsApp", "Con información de EFE", "Te puede interesar", "El nivel de los embalses", "Tortosa",
            "utilizamos cookies", "Etiquetas", "Suscríbete", "Todos los derechos reservados", "Aviso legal",
        ),
        (
            ("10:18", "Corte de tráfico en la avenida del Puerto por obras"),
            ("09:52", "El Levante presenta a su nuevo entrenador"),
            ("08:30", "La Filmoteca amplía su horario de verano"),
        ),
        frozenset({"EFE"}),
        frozenset({"Europa Press"}),
    ),
    Page(
        "text/it-ansa-notizia.txt", "it",
        "Genova, riapre dopo due anni il museo del mare",
        (
            "(ANSA) - GENOVA, 3 GIU - Dopo due anni di lavori",
            "Il restauro è costato circa otto milioni",
            "Di Maio, il curatore della nuova sezione",
            "Nuovi orari",
            "Il museo sarà aperto tutti i giorni",
        ),
        (
            "Ore 10.18", "Incidente in corso Francia", "Seguici", "Cronaca", "di Paolo Ferraris",
            "Pubblicato il", "Condividi", "Stampa", "Fonte: ANSA", "Leggi anche", "porto antico",
            "traghetti", "Argomenti", "Iscriviti", "Riproduzione riservata",
        ),
        (
            ("10:18", "Incidente in corso Francia, traffico rallentato"),
            ("09:40", "La squadra rinnova il contratto del difensore"),
            ("08:15", "Sciopero dei trasporti previsto per venerdì"),
        ),
        frozenset({"ANSA"}),
    ),
    Page(
        "text/pt-lusa-noticia.txt", "pt",
        "Lisboa vai alargar o horário do metro aos fins de semana",
        (
            "Lisboa, 05 mar (Lusa) - O metropolitano de Lisboa",
            "A medida responde a um pedido antigo",
            "Partilhar carros ao fim da noite",
        ),
        (
            "Greve nos comboios", "Siga-nos", "Início", "Por Rita Almeida", "Atualizado em",
            "Partilhar no Facebook", "E-mail", "Fonte: Lusa", "Leia também", "Novas estações",
            "Bilhete único", "Palavras-chave", "assinante", "Todos os direitos reservados",
        ),
        (
            ("10:18", "Greve nos comboios suburbanos na sexta-feira"),
            ("09:45", "Clube da cidade apresenta dois reforços"),
        ),
        frozenset({"Lusa"}),
    ),
)
PAGE_IDS = [page.id for page in PAGES]
_DOCS: dict[str, Document] = {}


def clean(page: Page) -> Document:
    if page.path not in _DOCS:
        path = FIXTURES / page.path
        kind = "text/plain" if path.suffix == ".txt" else "text/html"
        _DOCS[page.path] = clean_page(path.read_bytes(), url="https://news.example/story", content_type=kind)
    return _DOCS[page.path]


# ------------------------------------------------------------------ whole pages


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_title(page: Page) -> None:
    assert clean(page).title == page.title


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_body_block_in_order_and_nothing_else(page: Page) -> None:
    texts = [block.text for block in clean(page).blocks]
    assert [text[: len(opening)] for text, opening in zip(texts, page.blocks)] == list(page.blocks)
    assert len(texts) == len(page.blocks), texts


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_paragraphs_are_whole(page: Page) -> None:
    """Body blocks end like sentences or are subheadings: no paragraph cut short or glued to furniture."""
    for block in clean(page).blocks:
        assert block.kind == "heading" or block.text.endswith("."), block.text


@pytest.mark.parametrize(
    ("page", "line"), [(p, line) for p in PAGES for line in p.boilerplate],
    ids=[f"{p.id}-{line.strip()[:24]}" for p in PAGES for line in p.boilerplate],
)
def test_boilerplate_is_not_in_text(page: Page, line: str) -> None:
    doc = clean(page)
    assert line not in f"{doc.text}\n"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_boilerplate_markers_are_in_the_page(page: Page) -> None:
    """So that the test above can fail: every marker is on the page before cleaning."""
    raw = (FIXTURES / page.path).read_text(encoding="utf-8").replace("<", "\n<")
    assert [line for line in page.boilerplate if line not in f"{raw}\n"] == []


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_ticker_items(page: Page) -> None:
    assert [(t.time, t.title) for t in clean(page).ticker] == list(page.ticker)


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_sources(page: Page) -> None:
    names = {s.name for s in clean(page).sources}
    assert page.sources <= names <= page.sources | page.more_sources


@pytest.mark.parametrize("page", [p for p in PAGES if p.more_sources], ids=[p.id for p in PAGES if p.more_sources])
def test_sources_from_credit_lines_in_other_languages(page: Page) -> None:
    names = {s.name for s in clean(page).sources}
    assert page.more_sources <= names


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_language(page: Page) -> None:
    assert clean(page).language == page.language


def test_html_ticker_links_are_absolute() -> None:
    doc = clean(PAGES[0])
    assert doc.ticker[0].url == "https://news.example/region/sturmwarnung-fuer-das-allgaeu"


# ------------------------------------------------------------------ boilerplate lines


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # de
        ("Anzeige", "ad"), ("Werbung", "ad"), ("Folgen Sie uns auf Instagram", "social"), ("Teilen", "share"),
        ("Teilen · Drucken · Per E-Mail", "share"), ("Artikel teilen", "share"),
        ("Wir verwenden Cookies, um unser Angebot zu verbessern.", "cookie"),
        ("Jetzt den Newsletter abonnieren", "newsletter"), ("Schlagworte: Bodensee, Fähre", "tags"),
        ("© 2026 Kurier GmbH. Alle Rechte vorbehalten.", "footer"), ("Impressum · Datenschutz · Kontakt", "footer"),
        ("Von Anna Berger", "byline"), ("Von Anna Berger und Tom Kraus", "byline"),
        ("Aktualisiert am 14.03.2026, 10:18 Uhr", "byline"), ("Stand: 14.03.2026", "byline"),
        ("Quelle: dpa", "credit"), ("Mit Material von dpa", "credit"), ("Mehr zum Thema", "related"),
        ("Lesen Sie auch: Hafenfest in Lindau abgesagt", "related"),
        # es
        ("Publicidad", "ad"), ("Síguenos en X", "social"), ("Compartir en Facebook Compartir en X WhatsApp", "share"),
        ("Utilizamos cookies propias y de terceros.", "cookie"), ("Suscríbete a nuestro boletín diario", "newsletter"),
        ("Etiquetas: Ebro, agua", "tags"), ("© Diario 2026. Todos los derechos reservados.", "footer"),
        ("Aviso legal | Contacto | Quiénes somos", "footer"), ("Por Javier Montes Aranda", "byline"),
        ("Publicado el 22/04/2026 a las 13:05", "byline"), ("Con información de EFE y Europa Press", "credit"),
        ("Fuente: EFE", "credit"), ("Noticias relacionadas", "related"), ("Te puede interesar", "related"),
        # it
        ("Pubblicità", "ad"), ("Seguici su Telegram", "social"), ("Condividi Stampa Email", "share"),
        ("Questo sito utilizza cookie tecnici e di profilazione.", "cookie"), ("Iscriviti alla newsletter", "newsletter"),
        ("Argomenti: Genova, musei", "tags"), ("© Riproduzione riservata", "footer"),
        ("Tutti i diritti riservati", "footer"), ("di Paolo Ferraris", "byline"),
        ("Pubblicato il 03/06/2026 alle 12:40", "byline"), ("Aggiornato il 09/04/2026 alle 11:05", "byline"),
        ("Fonte: ANSA", "credit"), ("Leggi anche", "related"), ("Potrebbe interessarti", "related"),
        # pt
        ("Publicidade", "ad"), ("Siga-nos no Facebook", "social"), ("Partilhar no Facebook", "share"),
        ("Este site utiliza cookies para melhorar a sua experiência.", "cookie"),
        ("Já é assinante? Inicie sessão", "newsletter"), ("Palavras-chave: Lisboa, metro", "tags"),
        ("Todos os direitos reservados", "footer"), ("Por Rita Almeida Sousa", "byline"),
        ("Atualizado em 05/03/2026 às 10h18", "byline"), ("Fonte: Lusa", "credit"),
        ("Com informações da Lusa", "credit"), ("Leia também", "related"),
    ],
)
def test_boilerplate_kinds(line: str, kind: str) -> None:
    assert boilerplate_reason(line) == kind


def test_long_consent_notice_is_boilerplate() -> None:
    notice = ("Usamos cookies propias y de terceros con fines analíticos y para mostrarte publicidad "
              "personalizada a partir de tus hábitos de navegación. Puedes aceptar todas las cookies "
              "pulsando el botón Aceptar o configurarlas.")
    assert len(notice) > 160 and boilerplate_reason(notice) == "cookie"


@pytest.mark.parametrize(
    "line",
    [
        # a share word, a credit label, a byline word or a footer link opening or inside a sentence
        "Teilen sich künftig zwei Schiffe die Strecke, verkürzt sich die Überfahrt.",
        "Teilen wollen sich die Kosten der Bund und das Land",
        "Compartir mesa y sombra con los vecinos es una forma de combatir la soledad.",
        "Condividi la tua esperienza, ha detto il presidente ai passeggeri.",
        "Partilhar o cuidado das árvores foi a forma encontrada",
        "Stampa estera e diplomatici hanno seguito la cerimonia",
        "Salva la vita a un bambino caduto nel fiume",
        "La fonte del finanziamento non è ancora stata individuata.",
        "La fonte ANSA ha confermato la notizia nel pomeriggio.",
        "Fonti vicine al governo: nessun rimpasto prima dell'estate",
        "Fonte: il ministero ha confermato che i lavori partiranno a settembre.",
        "Con información de la policía, los vecinos localizaron al menor en pocas horas.",
        "Quelle: Die Polizei hat am Abend drei Verdächtige festgenommen und befragt.",
        "Von der Leyen kündigt neue Zölle an",
        "Di Maio lascia il partito dopo dieci anni",
        "Von Anfang an sei klar gewesen, dass der Umbau teuer werde",
        "Publicado el decreto de ayudas para el campo",
        "Aktualisiert wurde die Liste zuletzt im Frühjahr",
        "Die Preise gingen nach oben, sagte der Sprecher",
        "Sappiamo bene chi siamo e da dove veniamo, ha detto il sindaco",
        "Kontakt zu den Entführern gebe es nicht, sagte die Polizei",
        "El Boletín Oficial del Estado publica hoy la nueva ley de vivienda",
        "Gli abbonati al servizio sono cresciuti del dieci per cento",
        "Temas como la vivienda y el empleo dominaron el debate.",
        "Leggi anche le motivazioni della sentenza, ha detto l'avvocato.",
        "Mehr zum Thema Wohnungsbau sagte der Minister am Abend nichts",
        "Siga o dinheiro, disse o procurador aos jornalistas",
    ],
)
def test_sentences_that_start_like_boilerplate_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_related_section_ends_at_prose() -> None:
    lines = [
        "Der erste Absatz des Artikels endet mit einem Punkt.",
        "Lesen Sie auch",
        "Hafenfest in Lindau abgesagt",
        "Neuer Radweg am Ufer ist fertig",
        "Der zweite Absatz des Artikels ist wieder Fließtext und endet ebenfalls mit einem Punkt.",
    ]
    kept, removed = drop_boilerplate(lines)
    assert kept == [lines[0], lines[4]] and removed == lines[1:4]


# ------------------------------------------------------------------ ticker times


@pytest.mark.parametrize(
    ("line", "time", "title"),
    [
        ("10:18 Uhr Sturmwarnung für das Allgäu", "10:18", "Sturmwarnung für das Allgäu"),
        ("10.18 Uhr Sturmwarnung für das Allgäu", "10:18", "Sturmwarnung für das Allgäu"),
        ("- 09:05 UhrHandballerinnen gewinnen knapp", "09:05", "Handballerinnen gewinnen knapp"),
        ("10:18 h Hacienda sube el IVA", "10:18", "Hacienda sube el IVA"),
        ("- 10:18 hCorte de tráfico en la avenida", "10:18", "Corte de tráfico en la avenida"),
        ("21:40 hs Paro de transporte en Rosario", "21:40", "Paro de transporte en Rosario"),
        ("ore 10:18 Scontro tra due auto", "10:18", "Scontro tra due auto"),
        ("Ore 10.18 – Scontro tra due auto", "10:18", "Scontro tra due auto"),
        ("10h18 Governo anuncia pacote de medidas", "10:18", "Governo anuncia pacote de medidas"),
        ("às 7h05 Governo anuncia pacote de medidas", "07:05", "Governo anuncia pacote de medidas"),
    ],
)
def test_ticker_time_forms(line: str, time: str, title: str) -> None:
    item = parse_ticker_line(line)
    assert item is not None and (item.time, item.title) == (time, title)


@pytest.mark.parametrize(
    "line",
    [
        "1.50 Euro mehr kostet die Fahrt",  # a dot without "Uhr" is a price or a number
        "10.18 Gemeinderat tagt heute",
        "Um 10 Uhr beginnt die Sitzung im Rathaus",
        "10:18 hábitos",  # too short, and "h" glued to a lower-case word is not "h"
    ],
)
def test_not_ticker_lines(line: str) -> None:
    assert parse_ticker_line(line) is None


def test_ticker_title_keeps_a_leading_h_word() -> None:
    item = parse_ticker_line("10:18 hábitos saludables para el verano")
    assert item is not None and item.title == "hábitos saludables para el verano"


def test_a_lone_timed_sentence_stays_in_the_body() -> None:
    lines = ["Titel der Meldung", "Um 10.18 Uhr begann die Sitzung des Gemeinderats.", "Weiterer Text."]
    items, kept = split_ticker(lines)
    assert items == [] and kept == lines


# ------------------------------------------------------------------ sources


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("dpa", "dpa"), ("Deutsche Presse-Agentur", "dpa"), ("Deutschen Presse-Agentur", "dpa"),
        ("EFE", "EFE"), ("Agencia EFE", "EFE"), ("Europa Press", "Europa Press"),
        ("ANSA", "ANSA"), ("Agenzia Nazionale Stampa Associata", "ANSA"), ("AGI", "AGI"),
        ("Adnkronos", "Adnkronos"), ("KNA", "KNA"), ("epd", "epd"), ("Lusa", "Lusa"),
        ("Agência Lusa", "Lusa"), ("Agencia France-Presse", "AFP"), ("Agence France-Presse", "AFP"),
    ],
)
def test_agency_in_a_dateline_is_tagged(alias: str, name: str) -> None:
    paragraph = f"ROMA ({alias}) - Il governo ha approvato ieri sera il decreto sulle concessioni balneari."
    tags, kept, removed = tag_sources([paragraph], CATALOG)
    assert [t.name for t in tags] == [name] and tags[0].kind == "agency"
    assert kept == [paragraph] and removed == []  # a dateline stays in its paragraph


def test_agency_named_in_a_sentence_is_not_a_credit() -> None:
    line = "La fonte ANSA ha confermato la notizia nel pomeriggio."
    tags, kept, _ = tag_sources([line], CATALOG)
    assert tags == [] and kept == [line]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Quelle: dpa", ["dpa"]), ("Quelle: dpa und AFP", ["dpa", "AFP"]), ("Mit Material von dpa", ["dpa"]),
        ("Fuente: EFE", ["EFE"]), ("Con información de EFE y Europa Press", ["EFE", "Europa Press"]),
        ("Fonte: ANSA", ["ANSA"]), ("Com informações da Lusa", ["Lusa"]),
    ],
)
def test_credit_lines_in_other_languages_are_tagged(line: str, names: list[str]) -> None:
    tags, kept, removed = tag_sources([line], CATALOG)
    assert [t.name for t in tags] == names and removed == [line]


# ------------------------------------------------------------------ what only the HTML path can fix


def _ticker_page(first: str, second: str) -> str:
    body = "".join(
        f"<p>Der Gemeinderat hat am Montag neue Regeln für das Parken beschlossen, Absatz {n}, "
        "die ab Juli gelten und vor allem die Anwohnerinnen und Anwohner entlasten sollen.</p>"
        for n in range(3)
    )
    return (
        "<html lang='de'><head><title>Neue Parkregeln</title></head><body>"
        f"<div><ul><li>{first} <a href='/a'>Sturmwarnung für das Allgäu bis Mitternacht</a></li>"
        f"<li>{second} <a href='/b'>Handballerinnen gewinnen das Derby knapp</a></li></ul></div>"
        f"<div><h1>Neue Parkregeln</h1>{body}</div></body></html>"
    )


def test_html_ticker_with_uhr() -> None:
    doc = clean_page(_ticker_page("10:18 Uhr", "09:47 Uhr"))
    assert [(t.time, t.title[:12]) for t in doc.ticker] == [("10:18", "Sturmwarnung"), ("09:47", "Handballerin")]


@pytest.mark.parametrize(("first", "second"), [("10.18 Uhr", "09.47 Uhr"), ("ore 10:18", "ore 09:47")])
def test_html_ticker_with_dotted_or_prefixed_times(first: str, second: str) -> None:
    doc = clean_page(_ticker_page(first, second))
    assert [t.time for t in doc.ticker] == ["10:18", "09:47"]


_PARAGRAPHS = {
    "de": "Der Gemeinderat hat am Montag neue Regeln für die Müllabfuhr beschlossen, die ab Juli gelten "
          "und vor allem die Haushalte in den Außenbezirken entlasten sollen.",
    "es": "El ayuntamiento aprobó el lunes un nuevo plan de recogida de residuos que entrará en vigor en "
          "julio y que, según el concejal, aliviará sobre todo a los barrios periféricos.",
    "it": "Il consiglio comunale ha approvato lunedì un nuovo piano per la raccolta dei rifiuti che entrerà "
          "in vigore a luglio e che, secondo l'assessore, aiuterà soprattutto le periferie.",
    "pt": "A câmara municipal aprovou na segunda-feira um novo plano de recolha de lixo que entra em vigor "
          "em julho e que, segundo o vereador, vai ajudar sobretudo os bairros periféricos.",
}


@pytest.mark.parametrize(
    ("lang", "heading", "notice"),
    [
        ("de", "Ähnliche Artikel", "Wir informieren Sie hier über die Verwendung von Cookies auf dieser Website."),
        ("es", "Lee también", "Usamos cookies propias y de terceros para analizar el uso de la web."),
        ("it", "Articoli correlati", "Questo sito utilizza i cookie per migliorare la tua esperienza."),
        ("pt", "Veja também", "Este site utiliza cookies para melhorar a sua experiência de navegação."),
    ],
)
def test_html_related_heading_and_consent_notice_inside_the_article(lang: str, heading: str, notice: str) -> None:
    """A related heading inside the article ends it; a consent notice in it is not text."""
    paragraph = _PARAGRAPHS[lang]
    related = "".join(f"<li><a href='/r{n}'>Titel {n} eines anderen Artikels der Redaktion</a></li>" for n in range(4))
    html = (
        f"<html lang='{lang}'><body><article><h1>Titel</h1><p>{notice}</p>"
        f"<p>{paragraph}</p><p>{paragraph} (2)</p><p>{paragraph} (3)</p>"
        f"<h3>{heading}</h3><p>{paragraph} (teaser)</p><ul>{related}</ul></article></body></html>"
    )
    doc = clean_page(html)
    assert notice not in doc.text
    assert paragraph in doc.text and "(3)" in doc.text
    assert "(teaser)" not in doc.text and heading not in doc.text
    assert doc.language == lang
