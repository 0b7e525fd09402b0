"""Vocabulary of boilerplate, as data: a new site quirk is a new token plus a test, not a new ``if``.

Each group is a tuple of phrases (case-insensitive, matched at a line start unless said otherwise)
and compiled once into one alternation by :func:`alternation`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = [
    "AD_LABELS",
    "AD_SLOT_SIZES",
    "BYLINE_JOINERS",
    "BYLINE_PREFIXES",
    "BYLINE_PREPOSITIONS",
    "COOKIE_NOTICE_PHRASES",
    "COOKIE_PHRASES",
    "CREDIT_CONNECTORS",
    "CREDIT_LABELS",
    "CREDIT_PHRASES",
    "FOOTER_LINKS",
    "FOOTER_PHRASES",
    "FOLLOW_US",
    "FUNCTION_WORDS",
    "NEWSLETTER_PHRASES",
    "RELATED_HEADINGS",
    "SHARE_WORDS",
    "STAMP_PREFIXES",
    "TAG_PREFIXES",
    "TIME_WORDS",
    "TIME_WORD_INITIALS",
    "ODD_CASE_FOLDS",
    "PhraseSet",
    "any_gate",
    "alternation",
    "fold_case",
    "starts_with_any",
]

#: IAB ad-unit sizes that ad placeholders ("Bann728x90", "pub-300x250", "300 x 250") carry;
#: both paths read this one list.
AD_SLOT_SIZES = (
    "728x90", "300x250", "970x250", "970x90", "300x600", "160x600", "120x600", "320x50",
    "320x100", "468x60", "234x60", "336x280", "250x250", "200x200", "300x100", "980x120",
    "930x180", "300x1050", "1x1", "300x50", "120x240", "180x150", "1000x90", "1000x250",
    "800x250",
)
#: Lines that are only an ad label.
AD_LABELS = (
    "advertisement", "advertising", "sponsored", "sponsored content", "publicité", "publicite",
    "pub", "annonce", "contenu sponsorisé", "contenu partenaire", "partner content",
    "story continues below advertisement", "la suite après cette publicité",
    "article continues below",
    # de
    "anzeige", "werbung", "gesponsert", "sponsored post", "artikel wird unter der anzeige fortgesetzt",
    "weiter nach der anzeige", "weiterlesen nach der anzeige",
    # es
    "publicidad", "anuncio", "contenido patrocinado", "patrocinado",
    "la noticia continúa tras la publicidad", "continúa después de la publicidad", "sigue leyendo",
    # it
    "pubblicità", "pubblicita", "sponsorizzato", "contenuto sponsorizzato",
    "l'articolo continua dopo la pubblicità", "continua a leggere dopo la pubblicità",
    # pt
    "publicidade", "conteúdo patrocinado", "continua após a publicidade", "continua depois da publicidade",
)
FOLLOW_US = (
    "suivez-nous sur", "suivez-nous", "suivez nous sur", "retrouvez-nous sur", "rejoignez-nous sur",
    "follow us on", "follow us", "like us on", "join us on", "find us on", "abonnez-vous à notre chaîne",
    "subscribe to our channel",
    # de
    "folgen sie uns", "folge uns", "folgt uns", "besuchen sie uns auf", "abonnieren sie unseren kanal",
    # es
    "síguenos en", "síguenos", "siguenos", "síganos", "sígannos", "únete a nuestro canal",
    "suscríbete a nuestro canal",
    # it
    "seguici su", "seguici", "seguiteci", "iscriviti al nostro canale", "unisciti al nostro canale",
    # pt
    "siga-nos", "siga nos", "segue-nos", "sigam-nos", "acompanhe-nos", "inscreva-se no nosso canal",
)
#: Words of share bars; a line made only of these (and punctuation) is a share bar.
SHARE_WORDS = (
    "partager", "partager sur", "partager cet article", "share", "share this", "share this article",
    "share on", "share via", "tweet", "tweeter", "imprimer", "print", "e-mail", "email", "envoyer",
    "copier le lien", "copy link", "whatsapp", "facebook", "twitter", "linkedin", "x", "pinterest",
    "telegram", "messenger", "reddit", "flipboard", "commenter", "comments", "commentaires",
    "bluesky", "threads", "mastodon", "instagram", "xing", "mail", "envoyer par e-mail",
    "envoyer par email", "envoyer par mail", "par e-mail", "réagir", "signaler un abus",
    "voir les commentaires",
    # de
    "teilen", "artikel teilen", "beitrag teilen", "teilen auf", "drucken", "artikel drucken",
    "per e-mail", "per mail", "link kopieren", "kommentieren", "kommentare", "merken", "vorlesen",
    # es
    "compartir", "compartir en", "compartir artículo", "comparte", "imprimir", "enviar",
    "enviar por correo", "por correo", "copiar enlace", "comentar", "comentarios", "guardar",
    # it
    "condividi", "condividi su", "condividi l'articolo", "stampa", "invia", "invia per email",
    "copia link", "copia il link", "commenta", "commenti", "salva",
    # pt
    "compartilhar", "compartilhe", "partilhar", "partilhe", "compartilhar no", "compartilhar em",
    "partilhar no", "partilhar em", "copiar link",
    "comentários", "salvar",
)
#: Phrases only consent banners use (looked for anywhere in a short line).
COOKIE_PHRASES = (
    "nous utilisons des cookies", "ce site utilise des cookies", "en poursuivant votre navigation",
    "accepter les cookies", "accepter et fermer", "tout accepter", "gérer les cookies",
    "paramétrer les cookies", "we use cookies", "this site uses cookies", "this website uses cookies",
    "accept all cookies", "accept cookies", "cookie settings", "manage cookies", "cookie policy",
    "by continuing to use this site", "by using this site, you agree", "cookie preferences",
    "accept the cookies", "accept all the cookies", "accepter tous les cookies", "politique cookies",
    "politique de cookies", "politique en matière de cookies",
    # de
    "wir verwenden cookies", "wir nutzen cookies", "diese website verwendet cookies",
    "diese seite verwendet cookies", "diese website nutzt cookies", "verwendet cookies",
    "cookie-einstellungen", "cookie-richtlinie", "cookies akzeptieren", "alle cookies akzeptieren",
    "verwendung von cookies",
    # es
    "utilizamos cookies", "usamos cookies", "este sitio web utiliza cookies", "esta web utiliza cookies",
    "este sitio utiliza cookies", "utiliza cookies propias", "aceptar cookies", "aceptar todas las cookies",
    "configuración de cookies", "configurar cookies", "política de cookies", "utiliza cookies",
    # it
    "utilizziamo i cookie", "utilizziamo cookie", "usiamo i cookie", "questo sito utilizza cookie",
    "questo sito usa cookie", "questo sito utilizza i cookie", "accetta i cookie", "accetta tutti i cookie",
    "gestisci i cookie", "impostazioni dei cookie", "informativa sui cookie", "cookie policy",
    # pt
    "este site utiliza cookies", "este site usa cookies", "aceitar cookies", "aceitar todos os cookies",
    "definições de cookies", "configurações de cookies", "política de cookies",
)
#: What only a site says of itself in a consent notice: first-person cookie statements, looked
#: for in blocks of a few sentences (notices are longer than prompts).  The HTML path reads both
#: lists in blocks of that size.
COOKIE_NOTICE_PHRASES = (
    "we use cookies", "this site uses cookies", "this website uses cookies", "our site uses cookies",
    "our website uses cookies", "the site uses cookies", "the website uses cookies",
    "nous utilisons des cookies", "ce site utilise des cookies",
    "notre site utilise des cookies",
    # de
    "wir verwenden cookies", "wir nutzen cookies", "diese website verwendet cookies",
    "diese seite verwendet cookies", "diese website nutzt cookies",
    # es
    "utilizamos cookies", "usamos cookies", "este sitio web utiliza cookies", "esta web utiliza cookies",
    "este sitio utiliza cookies", "esta página utiliza cookies",
    # it
    "utilizziamo i cookie", "utilizziamo cookie", "usiamo i cookie", "questo sito utilizza cookie",
    "questo sito usa cookie", "questo sito utilizza i cookie", "questo sito usa i cookie",
    # pt
    "este site utiliza cookies", "este site usa cookies", "nós usamos cookies", "nós utilizamos cookies",
    "o nosso site utiliza cookies", "o nosso site usa cookies",
    # pl, ru, el
    "używa plików cookie", "używamy plików cookie", "wykorzystuje pliki cookie",
    "использует файлы cookie", "используем файлы cookie", "χρησιμοποιεί cookies",
    "χρησιμοποιούμε cookies",
)
#: Newsletter and subscription prompts (anywhere in a short line): phrases, not single words
#: such as "abbonamento" or "boletín" that news prose uses ("Boletín Oficial del Estado").
NEWSLETTER_PHRASES = (
    "inscrivez-vous à notre newsletter", "inscrivez-vous à la newsletter", "abonnez-vous à notre newsletter",
    "abonnez-vous à la newsletter", "recevez notre newsletter", "recevez nos newsletters",
    "newsletter", "sign up for our newsletter", "subscribe to our newsletter",
    "get our newsletter", "sign up for", "subscribe now", "abonnez-vous", "s'abonner", "je m'abonne",
    "already a subscriber", "déjà abonné", "réservé aux abonnés", "subscribers only",
    # de
    "jetzt abonnieren", "jetzt abo", "abonnieren sie unseren", "bereits abonnent", "schon abonnent",
    "nur für abonnenten", "exklusiv für abonnenten", "jetzt registrieren", "jetzt weiterlesen",
    # es
    "suscríbete", "suscríbase", "suscripción digital", "nuestro boletín",
    "ya eres suscriptor", "ya soy suscriptor", "solo para suscriptores", "exclusivo para suscriptores",
    "contenido exclusivo para suscriptores", "date de alta",
    # it
    "iscriviti", "abbonati ora", "abbonati subito", "sei già abbonato", "già abbonato",
    "riservato agli abbonati", "contenuto riservato agli abbonati",
    # pt
    "inscreva-se", "assine já", "assine agora", "já é assinante", "já sou assinante",
    "exclusivo para assinantes", "conteúdo exclusivo para assinantes",
    # nl (two gate words, "nieuwsbrief" and "abonnee": each gate is one more test per line)
    "onze nieuwsbrief", "de nieuwsbrief", "alleen voor abonnees", "al abonnee", "word abonnee",
)
#: Headings of related / most-read lists.  Both paths read this one list: a text line that is
#: one of them (or one, ":" and a link) opens a list; in HTML, a heading that starts with one
#: ends the article ("Related coverage", "Lo más leído hoy").
RELATED_HEADINGS = (
    "lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également", "voir aussi",
    "à voir aussi", "sur le même sujet", "dans la même rubrique", "les plus lus", "les plus lues",
    "articles les plus lus", "les plus partagés", "articles similaires", "articles liés",
    "nos articles", "à la une", "dernières actualités", "en continu", "nos derniers", "nos autres",
    "vous aimerez", "dernières infos", "les dernières infos", "les dernières actualités",
    "read more", "read also", "also read", "read next", "see also", "related", "related articles",
    "related stories", "related content", "more on this story", "more from", "more on",
    "more about", "more news", "more articles", "more in", "most read", "most popular",
    "most viewed", "most shared", "trending", "recommended", "recommended for you",
    "you may also like", "you might also like", "you may like", "you might like",
    "more stories", "top stories", "latest news", "latest stories", "latest articles",
    "latest posts", "editor's picks", "don't miss",
    # de
    "mehr zum thema", "lesen sie auch", "lesen sie mehr", "lesen sie dazu", "auch interessant",
    "das könnte sie auch interessieren", "das könnte sie interessieren", "weitere artikel",
    "ähnliche artikel", "verwandte artikel", "meistgelesen", "meistgelesene", "meistgelesene artikel", "am meisten gelesen",
    "meistgeklickt", "unsere empfehlungen", "empfehlungen der redaktion", "weitere nachrichten",
    "neueste artikel", "top-themen", "weiterlesen", "mehr lesen", "das könnte sie",
    # es
    "te puede interesar", "le puede interesar", "también te puede interesar", "puede interesarte",
    "quizás te interese", "te recomendamos", "noticias relacionadas", "artículos relacionados",
    "contenido relacionado", "lo más leído", "lo más visto", "más leídas", "más leídos", "más leído", "más leída",
    "lee también", "lea también", "leer más", "más noticias", "últimas noticias", "no te pierdas",
    "relacionados", "relacionadas", "relacionado", "relacionada", "también te",
    # it
    "leggi anche", "leggi pure", "potrebbe interessarti", "ti potrebbe interessare", "potrebbe interessarti anche",
    "articoli correlati", "notizie correlate", "i più letti", "più letti", "più lette", "le più lette",
    "leggi tutto", "leggi di più", "ultime notizie", "altre notizie", "vedi anche", "da non perdere",
    "in evidenza",
    # pt
    "leia também", "leia mais", "veja também", "veja mais", "você pode gostar", "você também pode gostar",
    "pode interessar", "notícias relacionadas", "artigos relacionados", "mais lidas", "mais lidos",
    "as mais lidas", "saiba mais", "últimas notícias", "mais notícias", "não perca", "você pode",
    "você também",
    # pl
    "czytaj także", "czytaj też", "czytaj również", "przeczytaj także", "przeczytaj też",
    "przeczytaj również", "zobacz także", "zobacz też", "zobacz również", "polecamy",
    "podobne artykuły", "powiązane artykuły", "najczęściej czytane", "najpopularniejsze",
    "najnowsze artykuły", "więcej na ten temat",
    # ru
    "читайте также", "читать также", "смотрите также", "см. также", "похожие статьи",
    "похожие новости", "новости по теме", "статьи по теме", "по теме", "самые популярные",
    "самое популярное", "самое читаемое", "популярное", "другие новости", "последние новости",
    "рекомендуем", "вам может быть интересно", "вам также может понравиться",
    # el
    "διαβάστε επίσης", "διαβάστε ακόμα", "διαβάστε ακόμη", "δείτε επίσης", "δείτε ακόμα",
    "σχετικά άρθρα", "σχετικές ειδήσεις", "τα πιο δημοφιλή", "δημοφιλή", "πιο διαβασμένα",
    "τελευταίες ειδήσεις", "περισσότερα άρθρα",
)
#: Labels of tag lines ("Tags : Ukraine, Russie"), followed by a colon.
TAG_PREFIXES = (
    "tags", "mots-clés", "mots clés", "topics", "thèmes", "keywords", "catégories", "categories",
    "filed under",
    # de
    "schlagworte", "schlagwörter", "stichworte", "stichwörter", "themen",
    # es
    "etiquetas", "temas", "palabras clave", "archivado en",
    # it
    "tag", "argomenti", "parole chiave", "etichette", "temi",
    # pt
    "palavras-chave", "palavras chave", "assuntos", "tópicos", "tema",
)
#: Phrases of site footers (anywhere in a short line).
FOOTER_PHRASES = (
    "tous droits réservés", "all rights reserved", "mentions légales", "politique de confidentialité",
    "conditions générales", "conditions d'utilisation", "privacy policy", "terms of use",
    "terms of service", "terms and conditions", "contactez-nous", "contact us", "nous contacter",
    "qui sommes-nous", "about us", "plan du site", "sitemap", "copyright", "©", "(c) ",
    "haut de page", "back to top", "retour en haut", "reproduction interdite",
    # pl, ru, el
    "wszelkie prawa zastrzeżone", "все права защищены", "επιφύλαξη παντός δικαιώματος",
    # de
    "alle rechte vorbehalten", "datenschutzerklärung", "datenschutzhinweise", "nutzungsbedingungen",
    # es
    "todos los derechos reservados", "política de privacidad", "términos y condiciones",
    "condiciones de uso", "mapa del sitio",
    # it
    "tutti i diritti riservati", "riproduzione riservata", "informativa sulla privacy",
    "termini e condizioni", "mappa del sito", "partita iva", "p.iva", "p. iva",
    # pt
    "todos os direitos reservados", "política de privacidade", "termos de uso", "termos e condições",
    "mapa do site",
)
#: Footer and menu links that are also everyday words ("chi siamo", "nach oben", "Kontakt"):
#: boilerplate only when a line is made of nothing else ("Impressum · Datenschutz · Kontakt").
FOOTER_LINKS = (
    "contact", "privacy", "terms", "cookies", "mentions légales", "cgu", "cgv",
    # de
    "impressum", "datenschutz", "kontakt", "agb", "barrierefreiheit", "mediadaten", "nach oben",
    "zurück nach oben", "hilfe",
    # es
    "contacto", "aviso legal", "quiénes somos", "volver arriba", "ir arriba", "ayuda",
    # it
    "contatti", "chi siamo", "note legali", "torna su", "torna all'inizio", "pubblicità",
    # pt
    "contato", "contactos", "quem somos", "fale conosco", "voltar ao topo", "ajuda",
)
#: "Par Claire Martin": these words followed by a capitalised name.
BYLINE_PREFIXES = (
    "par", "by", "von", "por", "written by", "reporting by", "texte", "propos recueillis par",
    "ein beitrag von", "ein artikel von", "text:", "redacción", "escrito por", "texto:", "a cura di",
    "scritto da", "testo:", "dal nostro inviato", "dalla nostra inviata", "dal nostro corrispondente",
    "dalla nostra corrispondente", "reportagem de",
)
#: Byline words that are also common prepositions ("di Marco Rossi" but "Di Maio lascia"):
#: a byline needs two capitalised names after them.
BYLINE_PREPOSITIONS = ("di",)
#: Words joining two names in a byline ("Von Anna Berger und Tom Kraus").
BYLINE_JOINERS = ("and", "et", "und", "y", "e", "i")
#: "Publié le 12 mars", "Updated 3 hours ago": publication stamps (the line also holds a digit).
STAMP_PREFIXES = (
    "publié le", "publié à", "mis à jour le", "mis à jour à", "modifié le", "publié aujourd'hui",
    "publié hier", "mis à jour aujourd'hui", "mis à jour hier", "published", "updated",
    "posted", "last updated",
    # de
    "veröffentlicht", "aktualisiert", "zuletzt aktualisiert", "aktualisiert am", "erstellt am",
    "erschienen am", "stand:",
    # es
    "publicado", "actualizado", "última actualización", "modificado",
    # it
    "pubblicato", "pubblicato il", "aggiornato", "aggiornato il", "aggiornato alle", "ultimo aggiornamento",
    "modificato il",
    # pt
    "atualizado", "atualizado em", "publicado em", "última atualização",
)
#: Credit labels followed by a colon and the credited names ("Quelle: dpa", "Fuente: EFE",
#: "Fonte: ANSA"), and credit phrases followed by the names directly ("Con información de EFE",
#: "Mit Material von dpa").  A credit line is short: the label and a few names.
CREDIT_LABELS = (
    "source", "sources", "crédit", "crédits", "credit", "credits",
    "quelle", "quellen", "mit material von", "fuente", "fuentes", "fonte", "fonti", "fontes",
)
CREDIT_PHRASES = (
    "with reporting from", "with material from", "mit material von", "mit material der",
    "mit informationen von", "con información de", "con informacion de", "con información de las agencias",
    "con agencias", "con informazioni di", "con informazioni da", "com informações de", "com informações da",
    "com informações do", "com agências",
)
#: Words joining credited names ("dpa und AFP", "EFE y Europa Press", "ANSA e AGI").
CREDIT_CONNECTORS = ("und", "y", "e", "mit", "con", "com", "agenturen", "agencias", "agenzie", "agências")


#: Frequent function words per language (ISO 639-1): the HTML scorer reads their share to tell
#: prose from names and links (the language itself is named by CLD2, ``pipeline.language``).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "fr": """a à au ce de du en et il la le ne on ou où sa se un aux ces des est ils les ont par
            pas que qui ses son sur une été avec dans elle leur lors mais nous plus pour sont
            vous être après aussi cette comme elles entre leurs selon était""",
        "en": """a an as at be by he in is it of on or to we and are but can for had has her his its
            not one our she the was who you also been from have into more over said says than
            that they this were what when will with about after could their there these those
            which would""",
        "de": """an er es im in zu als auf aus bei das dem den der des die ein für hat ist mit sie
            und von war wie wir aber auch dass eine nach noch oder sich sind wird einen einer
            haben nicht wurde werden""",
        "es": """o y al de el en es ha la le lo no se su un con del fue han las los más por que son
            sus una como esta este para pero desde entre también""",
        "it": """e o è da di ha il in la le lo ma si un che con dal dei del gli nel non per più una
            alla come sono anche della delle questo""",
        "pt": """a e o é ao as da de do em na no os ou se um com das dos foi mas não por que seu sua
            são uma como mais para pela pelo também""",
        "nl": """de en er in is of om op te aan als bij dat die een het met ook van was deze door
            maar naar niet voor werd zijn wordt""",
        "pl": """do go na od po to za ze że ale był być czy dla ich jak jej jest już lub nie niż
            oraz przy się są tak też tym jako jego tego była było może przez także które która
            który tylko""",
        "ru": """а в и к о с у бы во да же за из ли на не но об от по со то без был для до его
            ее её как они она при так уже что это или если была были было будет когда после
            также только чтобы который которые""",
        "el": """ή η ο οι σε με να θα το τα τη την της τις του των τον τους και από για που στο
            στη στην στα στον στις στους δεν ένα μια ότι είναι ήταν έχει αλλά όπως μετά κατά
            πιο""",
    }.items()
}
if not all(FUNCTION_WORDS.values()):  # not an assert: must hold under -O too
    raise ValueError("empty function-word list")


#: Words some languages put before a clock time: "ore 10:18", "alle 9.05", "às 10h18", "um 8:30"
#: (a regex fragment: the ticker parser and the HTML pre-test read the same words).
TIME_WORDS = r"(?i:alle\s+ore|ore|alle|um|às|as\s++(?=\d)|a\s+las|a\s+les)"
#: Their first letters: a text starting with any other letter cannot open a time.
TIME_WORD_INITIALS = frozenset("oOaAuUàÀ")


def alternation(phrases: Iterable[str], *, loose: bool = False) -> str:
    """One regex alternative group for ``phrases``, longest first; raises on an empty group.

    Not an assert: an empty group would silently match everything and must fail under ``-O`` too.
    Apostrophes match typewriter and typographic ones alike ("editor's", "editor’s"); with
    ``loose``, accented letters also match their bare letter ("derniere", "mas leido"), as
    headings typed without accents do.
    """
    spell = _loose_pattern if loose else _apostrophes_alike
    items = sorted({spell(p) for p in phrases}, key=len, reverse=True)
    if not items:
        raise ValueError("empty phrase group")
    return "(?:" + "|".join(items) + ")"


_APOSTROPHES = "'’"


def _apostrophes_alike(phrase: str) -> str:
    return "".join("['’]" if char in _APOSTROPHES else re.escape(char) for char in phrase)


def _loose_pattern(phrase: str) -> str:
    pieces = []
    for char in phrase:
        bare = unicodedata.normalize("NFD", char)[0]
        if char in _APOSTROPHES:
            pieces.append("['’]")
        elif bare != char and bare.isalpha():
            pieces.append(f"[{char}{bare}]")
        else:
            pieces.append(re.escape(char))
    return "".join(pieces)


class PhraseSet:
    """Literal phrases found anywhere in a text: how both paths read the phrase lists above.

    Substring tests on the lowered text are ten times cheaper than an unanchored regex
    alternation (a hundred alternatives tried at every character); to keep six languages as
    cheap as two, the phrases are grouped under gates: a gate is a piece of text the phrases of
    its group all hold, and a group is read only when the text holds its gate.  A text that
    holds no phrase (most of them) costs one substring test per group, so the groups are as few
    as the pieces allow: each gate is the piece of 4 to 8 characters held by the most phrases
    not grouped yet, the longest such (the rarest in other texts); "condi" gathers
    "conditions", "condiciones" and "condizioni".  With ``loose``, accents and apostrophes are
    folded on both sides ("politica de cookies").
    """

    __slots__ = ("_groups", "_loose")

    def __init__(self, phrases: Iterable[str], *, loose: bool = False) -> None:
        self._loose = loose
        lowered = {self._fold(phrase.lower()) for phrase in phrases}
        if not lowered:
            raise ValueError("empty phrase group")
        #: (gate, whether the gate is itself a phrase, the other phrases holding it)
        self._groups = tuple(
            (gate, gate in members, tuple(sorted(p for p in members if p != gate)))
            for gate, members in _gated_groups(lowered)
        )

    def _fold(self, lowered: str) -> str:
        return lowered.translate(_ACCENT_FOLDS) if self._loose else lowered

    def found_in(self, lowered: str) -> bool:
        """Whether ``lowered`` (the text in lower case, the caller's, shared between sets)
        holds one of the phrases."""
        lowered = self._fold(lowered)
        for gate, whole, members in self._groups:
            if gate in lowered and (whole or any(phrase in lowered for phrase in members)):
                return True
        return False

    def search(self, text: str) -> bool:
        """Whether ``text`` holds one of the phrases, in any case."""
        return self.found_in(text.lower())


def any_gate(*sets: PhraseSet) -> re.Pattern[str]:
    """A regex finding any gate of ``sets`` in a lower-case text: when it finds none, none of
    the sets holds a phrase of the text.  Several sets read on the same texts are settled by
    one scan of a text instead of one substring test per group of each (the gates factored
    by shared beginnings: a position costs one branch per letter, not one per gate).  Not
    for ``loose`` sets, whose texts are folded first."""
    if any(phrase_set._loose for phrase_set in sets):
        raise ValueError("any_gate reads texts as they are: no loose phrase set")
    return re.compile(_prefix_tree({gate for s in sets for gate, _, _ in s._groups}))


def starts_with_any(words: Iterable[str]) -> re.Pattern[str]:
    """A regex whose ``match`` says whether a text starts with one of ``words`` (as they are,
    case included): one C-level pass over a prefix tree instead of a ``startswith`` per word."""
    unique = set(words)
    if not unique or "" in unique:
        raise ValueError("starts_with_any needs non-empty words")
    return re.compile(_prefix_tree(unique))


def _prefix_tree(words: set[str]) -> str:
    """An alternation matching exactly ``words``, as literals, factored by shared beginnings."""
    by_first: dict[str, set[str]] = {}
    for word in words:
        by_first.setdefault(word[:1], set()).add(word[1:])
    branches = []
    for first in sorted(by_first):
        rest = by_first[first]
        if not first:  # a word ended here
            continue
        tails = {tail for tail in rest if tail}
        tree = _prefix_tree(tails) if tails else ""
        if tails and "" in rest:
            tree = f"(?:{tree})?"
        branches.append(re.escape(first) + tree)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_GATE_MIN, _GATE_MAX = 4, 8  # lengths of the pieces a PhraseSet gate may be


def _gated_groups(phrases: set[str]) -> list[tuple[str, set[str]]]:
    """The phrases grouped under as few gates as a greedy cover finds (see ``PhraseSet``): each
    gate is the piece held by the most phrases left, ties going to the longest (then the first
    in alphabetical order, so that the groups never depend on set order).  A phrase shorter
    than the shortest piece ("©", "iva") is a piece of its own."""
    pieces = {
        phrase: {
            phrase[start : start + size]
            for size in range(_GATE_MIN, _GATE_MAX + 1)
            for start in range(len(phrase) - size + 1)
        } or {phrase}
        for phrase in phrases
    }
    left = set(phrases)
    groups: list[tuple[str, set[str]]] = []
    while left:
        held = Counter(piece for phrase in left for piece in pieces[phrase])
        gate = min(held, key=lambda piece: (-held[piece], -len(piece), piece))
        members = {phrase for phrase in left if gate in phrase}
        left -= members
        groups.append((gate, members))
    return groups


#: The letters re.IGNORECASE also matches to an ASCII letter (İ ı: i, ſ: s, Kelvin K: k), and
#: whose lower case may be longer than one character (İ): turned into that letter before lower().
ODD_CASE_FOLDS = str.maketrans("\u0130\u0131\u017f\u212a", "iisk")


def fold_case(text: str) -> str:
    """``text`` in lower case with ``ODD_CASE_FOLDS`` applied first: the same length and
    positions as ``text``, and a lower-case text holding every match an ignore-case pattern
    would find."""
    return text.lower() if text.isascii() else text.translate(ODD_CASE_FOLDS).lower()


#: Lower-case accented Latin letters to their bare letter, typographic apostrophes to plain ones.
_ACCENT_FOLDS = str.maketrans(
    "àáâãäåāçćčèéêëēęìíîïīłñńòóôõöøōśšùúûüūýÿźżž’", "aaaaaaacccee" "eeeeiiiiilnnooooooossuuuuuyyzzz'"
)
