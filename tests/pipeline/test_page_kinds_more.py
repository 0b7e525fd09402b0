"""More kinds of page the development sets hold few of (part 2): script-rendered pages whose
text is only in JSON-LD, live blogs, galleries and video pages, AMP pages, paragraphs as
<div>s, end-of-article furniture and paywall notices in Spanish, Italian, Portuguese, German,
Dutch, Turkish, Arabic and French, interviews: hand-written fixture pages, one shape each."""
from __future__ import annotations

import json

import pytest

from pipeline.clean import clean_page
from pipeline.errors import EmptyBody
from tests.pipeline.test_page_kinds import STORY as FIRST_PART_STORY
from tests.pipeline.test_page_kinds import paragraphs

URL = "https://www.example-diario.test/2025/03/mercado.html"

#: The same four-paragraph story in the languages of this audit (written for these tests)
STORY = {
    "es": [
        "El ayuntamiento aprobó el martes por la noche la reforma completa del viejo mercado "
        "municipal, cerrado desde el incendio del invierno pasado, por cuatro millones de euros.",
        "Los comerciantes, que llevan meses vendiendo en carpas provisionales en el aparcamiento, "
        "celebraron la decisión aunque temen que los plazos anunciados no se cumplan.",
        "Según el concejal de obras, las primeras empresas llegarán en marzo y el mercado debería "
        "abrir de nuevo a finales del año que viene si todo sale según lo previsto.",
        "La oposición calificó el proyecto de demasiado caro y pidió que una parte del presupuesto "
        "se destine a las escuelas del barrio, varias de las cuales necesitan tejados nuevos.",
    ],
    "it": [
        "Il consiglio comunale ha approvato martedì sera la ristrutturazione completa del vecchio "
        "mercato coperto, chiuso dall'incendio dello scorso inverno, per quattro milioni di euro.",
        "I commercianti, che da mesi vendono sotto tende provvisorie nel parcheggio, hanno accolto "
        "con favore la decisione ma temono che i tempi annunciati non vengano rispettati.",
        "Secondo l'assessore ai lavori pubblici, le prime imprese arriveranno a marzo e il mercato "
        "dovrebbe riaprire alla fine del prossimo anno se tutto andrà come previsto.",
        "L'opposizione ha definito il progetto troppo costoso e ha chiesto che una parte del "
        "bilancio sia destinata alle scuole del quartiere, molte delle quali hanno bisogno di tetti nuovi.",
    ],
    "pt": [
        "A câmara municipal aprovou na terça-feira à noite a reforma completa do antigo mercado "
        "coberto, fechado desde o incêndio do inverno passado, por quatro milhões de euros.",
        "Os comerciantes, que há meses vendem em tendas provisórias no estacionamento, receberam "
        "bem a decisão, mas temem que os prazos anunciados não sejam cumpridos.",
        "Segundo o vereador responsável pelas obras, as primeiras empresas chegam em março e o "
        "mercado deverá reabrir no final do próximo ano se tudo correr como previsto.",
        "A oposição considerou o projeto demasiado caro e pediu que uma parte do orçamento fosse "
        "destinada às escolas do bairro, várias das quais precisam de telhados novos.",
    ],
    "de": [
        "Der Stadtrat hat am Dienstagabend die vollständige Sanierung der alten Markthalle "
        "beschlossen, die seit dem Brand im vergangenen Winter geschlossen ist, für vier Millionen Euro.",
        "Die Händler, die seit Monaten in provisorischen Zelten auf dem Parkplatz verkaufen, "
        "begrüßten die Entscheidung, fürchten aber, dass der angekündigte Zeitplan nicht hält.",
        "Nach Angaben des zuständigen Stadtrats beginnen die ersten Firmen im März mit der Arbeit, "
        "und die Halle soll Ende nächsten Jahres wieder öffnen, wenn alles nach Plan läuft.",
        "Die Opposition nannte das Projekt zu teuer und forderte, einen Teil des Haushalts für die "
        "Schulen des Viertels auszugeben, von denen mehrere neue Dächer brauchen.",
    ],
    "nl": [
        "De gemeenteraad heeft dinsdagavond ingestemd met de volledige renovatie van de oude "
        "markthal, die sinds de brand van afgelopen winter gesloten is, voor vier miljoen euro.",
        "De handelaars, die al maanden vanuit tijdelijke tenten op het parkeerterrein verkopen, "
        "zijn blij met het besluit maar vrezen dat de aangekondigde planning niet wordt gehaald.",
        "Volgens de wethouder van openbare werken beginnen de eerste aannemers in maart en moet de "
        "hal eind volgend jaar weer opengaan als alles volgens plan verloopt.",
        "De oppositie noemde het project te duur en vroeg om een deel van de begroting te besteden "
        "aan de scholen in de wijk, waarvan er verschillende een nieuw dak nodig hebben.",
    ],
    "tr": [
        "Belediye meclisi salı akşamı, geçen kış çıkan yangından beri kapalı olan eski kapalı "
        "çarşının dört milyon avroya tamamen yenilenmesini onayladı.",
        "Aylardır otoparktaki geçici çadırlarda satış yapan esnaf kararı memnuniyetle karşıladı, "
        "ancak açıklanan takvime uyulmayacağından endişe ediyor.",
        "Bayındırlık işlerinden sorumlu meclis üyesine göre ilk firmalar mart ayında çalışmaya "
        "başlayacak ve her şey plana göre giderse çarşı gelecek yılın sonunda yeniden açılacak.",
        "Muhalefet projeyi fazla pahalı buldu ve bütçenin bir kısmının, birçoğunun çatısı "
        "yenilenmesi gereken mahalle okullarına ayrılmasını istedi.",
    ],
    "ar": [
        "وافق المجلس البلدي مساء الثلاثاء على الترميم الكامل للسوق المغطاة القديمة، المغلقة منذ "
        "الحريق الذي اندلع في الشتاء الماضي، بتكلفة أربعة ملايين يورو.",
        "ورحب التجار، الذين يبيعون منذ أشهر في خيام مؤقتة في موقف السيارات، بالقرار لكنهم يخشون "
        "ألا يتم الالتزام بالمواعيد المعلنة.",
        "وبحسب المسؤول عن الأشغال في المجلس، ستبدأ الشركات الأولى العمل في مارس ومن المتوقع أن "
        "يعاد افتتاح السوق في نهاية العام المقبل إذا سار كل شيء كما هو مخطط له.",
        "ووصفت المعارضة المشروع بأنه مكلف للغاية وطالبت بتخصيص جزء من الميزانية لمدارس الحي، "
        "التي يحتاج عدد منها إلى أسقف جديدة.",
    ],
    "fr": FIRST_PART_STORY["fr"],
}
TITLE = "Le marché rouvrira l'an prochain"


def body(html: str) -> str:
    return "\n".join(block.text for block in clean_page(html, url=URL).blocks)


def page(inner: str, *, head: str = "", lang: str = "es", dir_: str = "ltr") -> str:
    return (f'<!doctype html><html lang="{lang}" dir="{dir_}"><head><title>{TITLE}</title>'
            f"{head}</head><body>{inner}</body></html>")


def nav() -> str:
    return ("<header><nav><ul>" + "".join(f'<li><a href="/s{i}">Sección {i}</a></li>' for i in range(8))
            + "</ul></nav></header>")


# ------------------------------------------------------------------ script-rendered pages


def jsonld(article_body: str, *, graph: bool = False, kind: str = "NewsArticle") -> str:
    article = {"@type": kind, "headline": TITLE, "datePublished": "2025-03-04T08:00:00Z",
               "articleBody": article_body}
    data = ({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://www.example-diario.test/#site", "name": "Diario"},
        article]} if graph else {"@context": "https://schema.org", **article})
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


@pytest.mark.parametrize("graph", [False, True])
@pytest.mark.parametrize("lang", ["es", "de"])
def test_app_shell_page_takes_its_article_from_jsonld_article_body(lang, graph):
    story = STORY[lang]
    html = page(nav() + '<div id="root"><div class="spinner">Cargando…</div></div>'
                '<script src="/app.js"></script>',
                head=jsonld("\n\n".join(story), graph=graph), lang=lang)
    assert body(html) == "\n".join(story)


def test_teaser_page_takes_the_longer_jsonld_article_body_entities_and_tags_stripped():
    story = STORY["it"]
    written = "".join(f"<p>{text.replace('è', '&egrave;')}</p>" for text in story)
    html = page(nav() + f"<article><h1>{TITLE}</h1><p>{story[0][:90]}…</p>"
                '<a href="/login">Accedi per leggere</a></article>',
                head=jsonld(written, kind="BlogPosting"), lang="it")
    assert body(html) == "\n".join(story)


def test_visible_article_about_as_long_as_jsonld_keeps_its_structure():
    story = STORY["pt"]
    html = page(nav() + f"<article><h1>{TITLE}</h1>{paragraphs(story[:2])}<h2>Prazos</h2>"
                f"{paragraphs(story[2:])}</article>",
                head=jsonld(" ".join(story)), lang="pt")
    doc = clean_page(html, url=URL)
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", "heading", "paragraph", "paragraph"]


def test_app_shell_without_jsonld_is_still_empty():
    html = page(nav() + '<div id="root"></div><script src="/app.js"></script>')
    with pytest.raises(EmptyBody):
        clean_page(html, url=URL)


# ------------------------------------------------------------------ live blogs


def live_blog(lang: str, *, share: bool) -> str:
    links = '<div class="share"><a href="#t">Twitter</a><a href="#f">Facebook</a></div>' if share else ""
    entries = "".join(
        f'<div class="live-entry"><time datetime="2025-03-04T1{i}:05">1{i}:05</time><p>{text}</p>'
        f"{links}</div>" for i, text in enumerate(STORY[lang]))
    return page(nav() + f'<main><h1>{TITLE}</h1><div class="live-controls"><button>Refresh</button>'
                f'</div><div class="liveblog">{entries}</div><button class="load-more">Load more</button>'
                '<a class="more" href="?page=2">Cargar más</a></main>', lang=lang)


@pytest.mark.parametrize("share", [False, True])
@pytest.mark.parametrize("lang", ["es", "de", "tr"])
def test_live_blog_entries_of_one_paragraph_are_body_not_a_ticker(lang, share):
    text = body(live_blog(lang, share=share))
    for paragraph in STORY[lang]:
        assert paragraph in text.splitlines()
    for control in ("Refresh", "Load more", "Cargar más", "Twitter"):
        assert control not in text


def test_live_blog_entries_with_headings_and_times_keep_every_entry():
    entries = "".join(f'<article class="post"><header><span class="time">1{i}:0{i}</span> '
                      f"<h3>Actualización {i}</h3></header><p>{text}</p></article>"
                      for i, text in enumerate(STORY["es"]))
    text = body(page(nav() + f'<main><h1>{TITLE}</h1><section class="live">{entries}</section>'
                     '<div><a href="?p=2">Mostrar más entradas</a></div></main>'))
    for paragraph in STORY["es"]:
        assert paragraph in text.splitlines()
    assert "Mostrar más entradas" not in text


# ------------------------------------------------------------------ end-of-article furniture


def article_then(lang: str, after: str) -> str:
    return page(nav() + f"<main><article><h1>{TITLE}</h1>{paragraphs(STORY[lang])}{after}"
                "</article></main><footer><p>© 2025 Diario</p></footer>",
                lang=lang, dir_="rtl" if lang == "ar" else "ltr")


RELATED = "".join(f'<li><a href="/n{i}">{title}</a></li>' for i, title in enumerate([
    "Noticia relacionada sobre el puerto de la ciudad", "Otra historia del barrio antiguo"]))


@pytest.mark.parametrize(("lang", "heading"), [
    ("es", "Te puede interesar"), ("es", "Lee también"), ("it", "Leggi anche"),
    ("it", "Potrebbe interessarti"), ("pt", "Veja também"), ("pt", "Leia também"),
    ("de", "Mehr zum Thema"), ("de", "Lesen Sie auch"), ("nl", "Lees ook"),
    ("tr", "İlgili Haberler"), ("ar", "اقرأ أيضا"), ("fr", "Sur le même sujet"),
])
def test_related_heading_and_list_after_the_article_stay_out(lang, heading):
    assert body(article_then(lang, f"<h2>{heading}</h2><ul>{RELATED}</ul>")) == "\n".join(STORY[lang])


@pytest.mark.parametrize(("lang", "line"), [
    ("es", "Este contenido es exclusivo para suscriptores"), ("es", "Ya soy suscriptor"),
    ("it", "Questo articolo è riservato agli abbonati"), ("it", "Sei già abbonato? Accedi"),
    ("pt", "Já é assinante? Faça login"), ("de", "Sie sind bereits Abonnent? Hier anmelden"),
    ("nl", "Dit artikel is alleen voor abonnees"), ("nl", "Schrijf je in voor de nieuwsbrief"),
    ("nl", "Ontvang elke ochtend het belangrijkste nieuws. Schrijf je gratis in voor onze nieuwsbrief."),
    ("tr", "Bu içerik sadece abonelere özeldir"), ("ar", "هذا المحتوى متاح للمشتركين فقط"),
    ("fr", "Déjà abonné ? Se connecter"),
])
def test_paywall_and_newsletter_lines_after_the_article_stay_out(lang, line):
    assert body(article_then(lang, f"<p>{line}</p>")) == "\n".join(STORY[lang])


@pytest.mark.parametrize(("lang", "name", "bio"), [
    ("es", "autor", "Periodista especializada en urbanismo. Antes trabajó diez años en la radio local."),
    ("de", "autor", "Redakteurin im Lokalressort. Sie schreibt seit 2015 über Stadtentwicklung und Verkehr."),
    ("it", "box-autore", "Giornalista, si occupa di cronaca cittadina e di urbanistica dal 2012."),
    ("pt", "autores", "Jornalista de cidades. Escreve sobre urbanismo e transportes desde 2010."),
    ("es", "author-bio", "Periodista especializada en urbanismo. Antes trabajó diez años en la radio local."),
])
def test_author_bio_box_after_the_article_stays_out(lang, name, bio):
    box = f'<div class="{name}"><p><b>Ana García</b></p><p>{bio}</p></div>'
    assert body(article_then(lang, box)) == "\n".join(STORY[lang])



@pytest.mark.parametrize(("lang", "heading", "bio"), [
    ("es", "Sobre el autor", "Periodista especializada en urbanismo. Antes trabajó diez años en la radio."),
    ("de", "Über den Autor", "Redakteurin im Lokalressort. Sie schreibt seit 2015 über Stadtentwicklung."),
    ("it", "L'autore", "Giornalista, si occupa di cronaca cittadina e di urbanistica dal 2012."),
    ("pt", "Sobre o autor", "Jornalista de cidades. Escreve sobre urbanismo e transportes desde 2010."),
    ("nl", "Over de auteur", "Verslaggever bij de stadsredactie. Schrijft sinds 2012 over wonen en verkeer."),
    ("tr", "Yazar hakkında", "Şehir muhabiri. 2012'den beri kentsel dönüşüm ve ulaşım üzerine yazıyor."),
    ("fr", "À propos de l'auteur", "Journaliste au service Métropole, elle suit l'urbanisme depuis 2012."),
])
def test_about_the_author_heading_ends_the_article(lang, heading, bio):
    box = f"<h3>{heading}</h3><p><b>Ana García</b></p><p>{bio}</p>"
    assert body(article_then(lang, box)) == "\n".join(STORY[lang])


@pytest.mark.parametrize(("lang", "heading", "prompt", "notice"), [
    ("es", "Comentarios", "Deja un comentario", "Tu dirección de correo electrónico no será publicada."),
    ("it", "Commenti", "Lascia un commento", "Il tuo indirizzo email non sarà pubblicato."),
    ("pt", "Comentários", "Deixe um comentário", "O seu endereço de email não será publicado."),
    ("de", "Kommentare", "Schreibe einen Kommentar", "Deine E-Mail-Adresse wird nicht veröffentlicht."),
    ("nl", "Reacties", "Laat een reactie achter", "Je e-mailadres wordt niet gepubliceerd."),
])
def test_comment_heading_and_reply_form_after_the_article_stay_out(lang, heading, prompt, notice):
    form = f"<h3>{heading}</h3><p>{prompt}</p><p>{notice}</p><form><textarea></textarea></form>"
    assert body(article_then(lang, form)) == "\n".join(STORY[lang])
    # the form's lines alone, without a heading before them
    assert body(article_then(lang, f"<p>{prompt}</p><p>{notice}</p>")) == "\n".join(STORY[lang])


@pytest.mark.parametrize(("lang", "notice", "offer"), [
    ("es", "Para seguir leyendo, hazte suscriptor", "Suscríbete por 1 € el primer mes y accede a todo."),
    ("it", "Per continuare a leggere abbonati", "Abbonati a 1 € al mese e leggi tutti gli articoli."),
    ("pt", "Para continuar a ler, assine", "Assine por 1 € no primeiro mês e tenha acesso a tudo."),
    ("nl", "Lees verder met een abonnement", "Neem nu een abonnement voor 1 euro per maand."),
    ("tr", "Okumaya devam etmek için abone olun", "İlk ay 1 TL karşılığında tüm içeriklere erişin."),
])
def test_paywall_offer_after_a_truncated_article_stays_out(lang, notice, offer):
    story = STORY[lang]
    html = page(nav() + f"<main><article><h1>{TITLE}</h1>{paragraphs(story[:2])}<div class='offer'>"
                f"<h3>{notice}</h3><p>{offer}</p><a href='/sub'>OK</a></div></article></main>", lang=lang)
    assert body(html) == "\n".join(story[:2])


# ------------------------------------------------------------------ galleries, video, AMP


@pytest.mark.parametrize(("lang", "counter"), [
    ("nl", "{n} van 3"), ("de", "Bild {n} von 3"), ("pt", "Foto {n} de 3"), ("it", "{n} di 3"),
    ("es", "Foto {n}/3"),
])
def test_slideshow_counters_stay_out_of_a_gallery_page(lang, counter):
    story = STORY[lang]
    slides = "".join(f'<div class="slide"><img src="/g{n}.jpg"><span class="counter">'
                     f'{counter.format(n=n)}</span><p>{text}</p></div>'
                     for n, text in enumerate(story[1:], start=1))
    html = page(nav() + f'<main><h1>{TITLE}</h1><p>{story[0]}</p><div class="slideshow">{slides}'
                "</div></main>", lang=lang)
    assert body(html) == "\n".join(story)


def test_a_bare_rating_line_is_kept():
    story = STORY["es"]
    html = page(nav() + f"<article><h1>{TITLE}</h1>{paragraphs(story[:2])}<p>5/5</p>"
                f"{paragraphs(story[2:])}</article>")
    assert "5/5" in body(html).splitlines()


def test_video_page_keeps_its_short_text_not_the_more_videos_cards():
    story = STORY["es"]
    cards = "".join(f'<div class="card"><a href="/v{i}"><img src="t.jpg"><span>Vídeo del día '
                    f"número {i} sobre la ciudad</span></a><span>01:2{i}</span></div>" for i in range(8))
    html = page(nav() + f'<main><article><h1>{TITLE}</h1><div class="video-player"><video src="/v.mp4">'
                f'</video><div class="duration">02:31</div></div>{paragraphs(story[:2])}</article>'
                f"<aside><h3>Más vídeos</h3>{cards}</aside></main>")
    assert body(html) == "\n".join(story[:2])


@pytest.mark.parametrize("lang", ["pt", "ar"])
def test_amp_page_without_its_sidebar_consent_ads_and_share_tags(lang):
    story = STORY[lang]
    sidebar = ('<amp-sidebar id="menu" layout="nodisplay"><ul>'
               + "".join(f'<li><a href="/s{i}">Secção {i}</a></li>' for i in range(12))
               + "</ul></amp-sidebar>")
    consent = ('<amp-consent id="consent" layout="nodisplay"><div class="popup"><p>Utilizamos cookies '
               "próprios e de terceiros para melhorar os nossos serviços e mostrar publicidade.</p>"
               "<button>Aceitar</button></div></amp-consent>")
    html = (f'<!doctype html><html amp lang="{lang}"><head><title>{TITLE}</title></head><body>'
            f"{sidebar}{consent}<article><h1>{TITLE}</h1>"
            '<amp-img src="/a.jpg" width="600" height="400" layout="responsive"></amp-img>'
            f"{paragraphs(story[:2])}"
            '<amp-ad width="300" height="250" type="doubleclick"><div placeholder>Publicidade</div></amp-ad>'
            f'{paragraphs(story[2:])}<amp-social-share type="facebook"></amp-social-share></article>'
            "</body></html>")
    assert body(html) == "\n".join(story)


# ------------------------------------------------------------------ paragraphs without <p>, interviews


@pytest.mark.parametrize(("lang", "shape"), [
    ("nl", '<div class="content">{}</div>'), ("tr", "<main>{}</main>"), ("ar", "<article>{}</article>"),
])
@pytest.mark.parametrize("wrap", ["<div>{}</div>", "<section>{}</section>", '<div class="t"><span>{}</span></div>'])
def test_paragraphs_as_divs_or_sections_without_p(lang, shape, wrap):
    story = STORY[lang]
    inner = "".join(wrap.format(text) for text in story)
    links = "".join(f'<li><a href="/x{i}">Link {i}</a></li>' for i in range(10))
    html = page(nav() + shape.format(inner) + f'<div class="sidebar"><ul>{links}</ul></div>',
                lang=lang, dir_="rtl" if lang == "ar" else "ltr")
    assert body(html) == "\n".join(story)


@pytest.mark.parametrize("shape", ["<p><strong>{q}</strong></p><p>{a}</p>", "<h3>{q}</h3><p>{a}</p>",
                                   "<dl><dt>{q}</dt><dd>{a}</dd></dl>"])
def test_interview_questions_and_short_answers_are_kept(shape):
    pairs = [("¿Cuándo abrirá el mercado?", "Si todo va bien, a finales del año que viene."),
             ("¿Y usted qué cree?", "No lo sé."), ("¿Nunca?", "Nunca.")]
    story = STORY["es"]
    qa = "".join(shape.format(q=q, a=a) for q, a in pairs)
    html = page(nav() + f"<article><h1>{TITLE}</h1><p>{story[0]}</p>{qa}<p>{story[1]}</p></article>")
    assert body(html) == "\n".join([story[0], *(x for pair in pairs for x in pair), story[1]])
