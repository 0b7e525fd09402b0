"""Vocabulary of page furniture, as data: tag sets, class/id tokens and phrases.

Every rule names a KIND of boilerplate (navigation, consent banners, share bars, ad slots,
related-article lists...) in the words sites use for it, in English and French at least.
Nothing here names a site.  The token tuples become one token -> flags table at import; the
extractor classifies each ``class`` / ``id`` word once per page (``class_flags``), with one
table look-up per part or run of parts.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .patterns import (
    AD_SLOT_SIZES,
    COOKIE_NOTICE_PHRASES,
    COOKIE_PHRASES,
    FOLLOW_US,
    FUNCTION_WORDS,
    ODD_CASE_FOLDS,
    RELATED_HEADINGS,
    TAG_PREFIXES,
    TIME_WORDS,
    PhraseSet,
    alternation,
    fold_case,
)

__all__ = [
    "AD_SIZE_TEXT",
    "AD_SLOT_SIZES",
    "ATTR_CONTENT",
    "ATTR_CREDIT",
    "ATTR_FURNITURE",
    "ATTR_STRONG",
    "ATTR_WIDGET",
    "BLOCK_TAGS",
    "COMMENT_COUNT_HEADING",
    "CONSENT_HEADING",
    "COOKIE_NOTICE",
    "DROP_TAGS",
    "FIRST_SLIDE",
    "HEADING_TAGS",
    "MARKUP_TEXT",
    "RELATED_HEADING",
    "STOP_WORDS",
    "STOP_WORDS_BY_LANGUAGE",
    "TIME_PREFIX",
    "attr_flags",
    "class_flags",
    "is_ad_size_text",
    "is_boilerplate_line",
]


def _non_empty(name: str, tokens: Iterable[str]) -> frozenset[str]:
    """A vocabulary group as a set; an empty group is a mistake (raised, not asserted)."""
    group = frozenset(tokens)
    if not group:
        raise ValueError(f"empty vocabulary group {name}")
    return group


#: Elements whose whole subtree is never article text.
DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
        "canvas", "video", "audio", "map", "nav", "aside", "footer", "menu", "button", "select",
        "textarea", "input", "label", "option", "dialog", "head", "title", "meta", "link",
        "figcaption", "picture", "img",
    }
)

#: Elements that start a new block of text (everything else is inline).
BLOCK_TAGS = frozenset(
    {
        "html", "body", "div", "section", "article", "main", "header", "p", "h1", "h2", "h3",
        "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
        "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "figure", "address", "center",
        "hr", "form", "fieldset", "details", "summary", "hgroup", "frameset", "frame",
    }
)

HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


#: Page furniture.  Skipped unless the same class/id also says it is the article itself,
#: or the element holds several paragraphs (then the word names its layout: "with-sidebar").
_BOILERPLATE_TOKENS = (
    # navigation and page chrome
    "nav", "navbar", "navigation", "menu", "menus", "megamenu", "submenu", "breadcrumb",
    "breadcrumbs", "fil-ariane", "ariane", "header", "masthead", "topbar", "top-bar", "footer",
    "pied", "pied-de-page", "sidebar", "side-bar", "aside", "rail", "right-rail", "toolbar",
    # skip links ("skip" alone also names "skip-lazy" images and "skip-item" sections)
    "skip-link", "skip-links", "skiplink", "skiplinks", "skip-to", "skip-nav", "skipnav",
    "skip-block", "skip-navigation",
    "pagination", "pager", "sitemap", "site-info", "colophon", "bandeau",
    # sharing and social
    "share", "sharing", "shares", "sharebar", "share-bar", "social", "socials", "social-links",
    "partage", "partager", "reseaux-sociaux", "follow", "follow-us", "suivez-nous",
    # engagement prompts
    "newsletter", "newsletters", "subscribe", "subscription", "signup", "sign-up", "inscription",
    "abonnement", "abonnez", "premium-banner", "registration", "login", "connexion", "cookie",
    "cookies", "consent", "gdpr", "rgpd", "cmp", "privacy-banner", "popup", "modal", "overlay",
    "donate", "donation",
    # comments
    "comment", "comments", "commentaire", "commentaires", "disqus", "discussion", "respond",
    "reaction", "reactions",
    # related / recommended / most read
    "related", "related-article", "related-articles", "relatedposts", "recommended",
    "recommendation", "recommendations", "recommandation", "recommandations", "recirculation",
    "read-more", "read-next", "readnext", "more-stories", "most-read", "mostread",
    "most-popular", "popular", "trending", "a-lire", "lire-aussi", "a-lire-aussi", "voir-aussi",
    "sur-le-meme-sujet", "outbrain", "taboola", "teaser", "teasers", "promo", "promos",
    "promoted", "sponsored", "sponsor", "partner", "partners", "partenaire", "partenaires",
    "also-read", "see-also", "more-from", "more-news", "more-posts", "more-articles", "excerpt",
    "latest", "ticker",
    # tags, meta and credits
    "tags", "tag-list", "taglist", "keywords", "mots-cles", "topics", "categories", "byline",
    "author-bio", "author-box", "bio", "author", "authors", "dateline", "copyright", "credit",
    "credits", "caption", "legende", "print", "visually-hidden", "sr-only",
    "screen-reader-text", "offscreen",
    # advertising
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot",
    "ad-slot", "adunit", "ad-unit", "adbox", "ad-container", "ad-wrapper", "dfp", "gpt",
    "banner", "banniere", "pub", "publicite", "billboard", "leaderboard", "skyscraper", "mpu",
    "native-ad", "commercial",
    # the same kinds in German, Spanish, Italian, Portuguese
    "werbung", "anzeige", "teilen", "kommentare", "verwandte", "empfehlungen", "publicidad",
    "anuncio", "compartir", "comentarios", "relacionados", "relacionadas", "pubblicita",
    "condividi", "commenti", "correlati", "publicidade", "compartilhar", "partilhar",
    "autor", "autores", "autore", "autori",
)

#: Furniture so specific that even an "article"-ish class/id does not save it.
_STRONG_TOKENS = (
    "cookie", "cookies", "consent", "gdpr", "rgpd", "newsletter", "newsletters", "share",
    "sharing", "sharebar", "share-bar", "social", "partage", "comments", "commentaires",
    "disqus", "related", "related-article", "related-articles", "recommended", "outbrain",
    "taboola", "most-read", "mostread", "most-popular", "breadcrumb", "breadcrumbs",
    "fil-ariane", "advertisement", "adslot", "ad-slot", "adunit", "ad-unit", "dfp", "sponsored",
    "lire-aussi", "a-lire-aussi", "read-more", "read-next", "sr-only", "visually-hidden",
    "screen-reader-text", "author-bio", "author-box", "about-author", "author-info", "caption",
    "figcaption", "credit", "credits", "legende", "copyright", "byline", "cta", "call-to-action",
    "werbung", "kommentare", "publicidad", "comentarios", "pubblicita", "commenti",
    "publicidade",
)

#: Class/id words meaning "this is the article text".
_CONTENT_TOKENS = (
    "article", "articles", "content", "contenu", "body", "main", "story", "post", "entry",
    "text", "texte", "corps", "chapo", "chapeau", "lead", "prose", "page-content", "blog",
    "richtext", "rich-text", "paragraph",
)

#: Class/id words naming where a page credits its sources and authors (bylines, captions,
#: copyright lines).  Such elements are kept out of the body, but their short texts are
#: read for source credits when they sit in or next to the article.
_CREDIT_TOKENS = (
    "byline", "bylines", "dateline", "credit", "credits", "photo-credit", "caption", "captions",
    "figcaption", "legende", "copyright", "source", "sources", "attribution", "author",
    "authors", "auteur", "auteurs", "signature", "autor", "autores", "autore", "autori",
)

#: Boxes of page builders and sidebars alike ("widget-container", "so-widget", "ck-widget"):
#: furniture in a sidebar, a piece of the body inside the article (see ``ATTR_WIDGET``).
_WIDGET_TOKENS = ("widget", "widgets")

#: Embedded posts (tweets...) quoted by the article: never furniture, whatever else they say.
_EMBED_TOKENS = (
    "tweet", "twitter-tweet", "embedded-tweet", "embed-tweet", "twitter-embed", "social-embed",
    "social-media-embed", "instagram-media", "tiktok-embed",
)

ATTR_STRONG, ATTR_FURNITURE, ATTR_CONTENT, ATTR_CREDIT = 1, 2, 4, 8
#: A widget word alone: skipped like a weak furniture word, except inside a container that
#: says it is the article (there page builders wrap each piece of the body in a widget box).
ATTR_WIDGET = 32

_STRONG_SET = _non_empty("_STRONG_TOKENS", _STRONG_TOKENS)
_FURNITURE_SET = _non_empty("_BOILERPLATE_TOKENS", _BOILERPLATE_TOKENS) | _STRONG_SET
_CONTENT_SET = _non_empty("_CONTENT_TOKENS", _CONTENT_TOKENS)
_EMBED_SET = _non_empty("_EMBED_TOKENS", _EMBED_TOKENS)
_CREDIT_SET = _non_empty("_CREDIT_TOKENS", _CREDIT_TOKENS)
_WIDGET_SET = _non_empty("_WIDGET_TOKENS", _WIDGET_TOKENS)
_ATTR_SPLIT = re.compile(r"[^0-9a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DIGITS = "0123456789"
_ATTR_EMBED = 16  # in _TOKEN_FLAGS only: an embed word, which overrides furniture words


def _flags_by_token() -> dict[str, int]:
    """What each token says, as ATTR_* bits: one look-up per candidate token."""
    flags: dict[str, int] = {}
    for group, bits in (
        (_FURNITURE_SET, ATTR_FURNITURE), (_STRONG_SET, ATTR_FURNITURE | ATTR_STRONG),
        (_CONTENT_SET, ATTR_CONTENT), (_CREDIT_SET, ATTR_CREDIT), (_EMBED_SET, _ATTR_EMBED),
        (_WIDGET_SET, ATTR_WIDGET),
    ):
        for token in group:
            flags[token] = flags.get(token, 0) | bits
    return flags


_TOKEN_FLAGS = _flags_by_token()
#: Every part of every token ("read-more": "read", "more"): a word none of whose parts is
#: here cannot hold a token, whole or joined.
_TOKEN_PARTS = frozenset(part for token in _TOKEN_FLAGS for part in token.split("-"))


def attr_flags(words: str) -> int:
    """Classify a ``class`` / ``id`` value by the furniture and content words it holds.

    Words are the value's lower-case alphanumeric parts (camelCase split, trailing digits
    dropped: ``ad2`` is ``ad``); two- and three-part tokens such as ``read-more`` or
    ``a-lire-aussi`` match consecutive parts, whatever joined them (``read_more``, ``readMore``).
    Returns a bitmask of ATTR_STRONG, ATTR_FURNITURE, ATTR_CONTENT, ATTR_CREDIT and ATTR_WIDGET.
    A pure function: callers memoise it per page (``class_flags``), never across pages.
    """
    if not words.islower():  # camelCase or upper case: split humps, then lower
        words = _CAMEL.sub("-", words).lower()
        pieces = _ATTR_SPLIT.split(words)
    else:
        # the usual "main-content" / "post_title2": split without the regex
        dashed = words.replace("_", "-")
        if dashed.isascii() and dashed.replace("-", "").isalnum():
            pieces = dashed.split("-")
        else:
            pieces = _ATTR_SPLIT.split(words)
    parts = [p.rstrip(_DIGITS) for p in pieces if p]
    if _TOKEN_PARTS.isdisjoint(parts):
        return 0  # most words ("col", "mt", "xl"...): no part of any token, so no token
    flags = 0
    token_flags = _TOKEN_FLAGS.get
    last = len(parts) - 1
    for i, part in enumerate(parts):
        flags |= token_flags(part, 0)
        if i < last:
            pair = f"{part}-{parts[i + 1]}"
            flags |= token_flags(pair, 0)
            if i + 1 < last:
                flags |= token_flags(f"{pair}-{parts[i + 2]}", 0)
    if flags & _ATTR_EMBED:  # an embedded post is never furniture
        return flags & (ATTR_CONTENT | ATTR_CREDIT)
    return flags


def class_flags(value: str, memo: dict[str, int]) -> int:
    """``attr_flags`` of each word of a ``class`` or ``id`` value, or-ed together.

    ``memo`` (one page's) keeps whole values and single words already classified: pages
    repeat the same class lists on many elements, and the same words across lists.
    """
    flags = memo.get(value)
    if flags is None:
        flags = 0
        for word in value.split():
            known = memo.get(word)
            if known is None:
                known = memo[word] = attr_flags(word)
            flags |= known
        memo[value] = flags
    return flags


class _Caseless:
    """A regex written in lower case, matched on texts in lower case (``fold_case``): what the same
    regex finds with re.IGNORECASE, for a fraction of the cost on a long alternation (sre tries
    each branch of an ignore-case alternation in turn, but skips a case-sensitive branch on its
    first character).  The one difference: pairs that re.IGNORECASE knows beyond the case of a
    letter are not matched outside İ ı ſ K (Greek ς for σ, the Cyrillic old forms)."""

    __slots__ = ("_regex",)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        pattern = pattern.translate(ODD_CASE_FOLDS)
        letters = re.sub(r"\\.", "", pattern)  # (escapes such as \W or \S are not letters)
        if flags & re.I or letters != letters.lower():
            raise ValueError("a caseless pattern is written in lower case, without re.I")
        self._regex = re.compile(pattern, flags)

    def match(self, text: str) -> re.Match[str] | None:
        """The match at the start of ``text`` (its positions are those of ``text``)."""
        return self._regex.match(fold_case(text))

    def match_folded(self, folded: str) -> re.Match[str] | None:
        """The same for a text already ``fold_case``-d."""
        return self._regex.match(folded)


#: Short lines that are page furniture wherever they sit (tested on blocks under ~120 chars):
#: the phrases that open the line...
#: Every phrase but "©" and "(c)" starts with a word character, so the punctuation before it is
#: read once (possessive); "©" and "(c)" are looked for inside that punctuation.
_BOILERPLATE_OPENING = _Caseless(
    r"""^(?:\W*(?:©|\(c\)) | \W*+(?:
        copyright\b
      | all\ rights\ reserved | tous\ droits\ r[ée]serv[ée]s | alle\ rechte\ vorbehalten
      | todos\ los\ derechos\ reservados | tutti\ i\ diritti\ riservati
      | todos\ os\ direitos\ reservados
      | (?:anzeige|werbung|publicidad|pubblicit[àa]|publicidade)\W*$
      | (?:teilen|compartir|condividi|compartilhe|partilhe)\b
      | (?:mehr\ lesen|weiterlesen|leer\ m[áa]s|leggi\ (?:anche|tutto)|leia\ (?:mais|tamb[ée]m))\b
      | advert(?:isement|ising)?s?(?:\W*$|\W+(?:continue|story|article|scroll|content)\b)
      | sponsored\b | publicit[ée]\b | annonce\b
      | share\ (?:this|on|via)\b | partager\b | partagez\b | follow\ us\b | suivez[- ]nous\b
      | folgen\ sie\ uns\b | s[íi]guenos\b | seguici\b | siga-nos\b
      | sign\ up\b | subscribe\b | abonnez[- ]vous\b | inscrivez[- ]vous\b | newsletter\b
      | read\ (?:more|also|next)\b | lire\ (?:aussi|la\ suite|plus)\b
      | [àa]\ lire\ (?:aussi|[ée]galement)\b | see\ also\b | voir\ aussi\b | related\b
      | sur\ le\ m[êe]me\ sujet\b | most\ (?:read|popular)\b
      | click\ here\b | cliquez\ ici\b | (?:this\ )?(?:article|story)\ continues\ below\b
      | (?:photo|image|picture|credit|cr[ée]dit)s?\s*:
      | (?:image|photo|picture|slide|diapo(?:sitive)?)\ \d+\ (?:of|sur|/|von|de)\ \d+\W*$
      | (?:previous|next)\ (?:post|article|story)\W*$ | article\ (?:pr[ée]c[ée]dent|suivant)\W*$
      # reading times, article tools, paywall notices, blog templates' lines: grouped by
      # initial, so that a line is tried against one group, not against each phrase
      | \d+(?:\s*min(?:ute)?s?\ (?:read|de\ lecture|de\ lectura)\W*$
             | \ (?:responses?|comments?|replies|commentaires?)(?:\ (?:to|on|sur)\b|\W*$))
      | a(?:jouter\ (?:à|a)\ (?:vos|mes)\ (?:s[ée]lections|favoris)
          | rticle\ plus\ (?:r[ée]cent|ancien)\b | ucun\ comments?\W*$ | ucun\ commentaire\W*$)
      | b(?:logthis\b)
      | d(?:eja\ (?:un\ comentario|una\ respuesta)\b | eixe\ (?:um\ coment[áa]rio|uma\ resposta)\b
          | eine\ e-mail-adresse\ wird\ nicht\ ver[öo]ffentlicht)
      | [ée](?:couter\ (?:cet\ |l')article | mail\ this\b)
      | i(?:l\ vous\ reste\ \d+\s*% | l\ tuo\ indirizzo\ (?:e-?mail\ )?non\ sar[àa]\ pubblicato)
      | j(?:e\ e-?mailadres\ wordt\ niet\ gepubliceerd)
      | l(?:ecture\s*:?\s*\d+\s*min | esezeit\b | a\ suite\ (?:de\ cet\ article\ )?est\ r[ée]serv[ée]e
          | eave\ a\ (?:reply|comment)\b | ike\ (?:this:?|loading)\W*$ | abels\s*: | ibell[ée]s\s*:
          | ascia\ un\ commento\b | aat\ een\ reactie\ achter\b | ees\ verder\ met\b)
      | n(?:ewer\ posts?\b | o\ comments?\W*$)
      | o(?:ffrir\ (?:cet\ |l')article | lder\ posts?\b | kumaya\ devam\b
          | \ (?:seu\ )?endere[çc]o\ de\ e-?mail\ n[ãa]o\ ser[áa]\ publicado)
      | p(?:roudly\ powered\ by\b | owered\ by\b | ermalink\W*$
          | ubli[ée]\ par\ \S+(?:\ \S+){0,3}?\ [àa]\ \d | osted\ by\ \S+(?:\ \S+){0,3}?\ (?:at|on)\b
          | ara\ (?:seguir|continuar)\ (?:leyendo|a\ ler|lendo)\b | er\ continuare\ a\ leggere\b)
      | r(?:eading\ time\b | ecevez\ (?:chaque|notre|nos|gratuitement)\b | eply\W*$
          | [ée]pondre\W*$)
      | s(?:ubscribe\ to:\ post | 'abonner\ [àa]\s*:)
      | t(?:emps\ de\ lecture\s*:?\s*\d+\s*min | iempo\ de\ lectura\b | heme\ by\b
          | his\ entry\ was\ posted\b | ous\ droits\ de\ reproduction
          | u\ (?:direcci[óo]n\ de\ )?(?:correo\ electr[óo]nico|e-?mail)\ no\ ser[áa]\ publicad[oa])
      | v(?:otre\ adresse\ (?:e-?mail|de\ messagerie)\ ne\ sera\ pas\ publi[ée]e)
      | w(?:ritten\ by\ \S+(?:\ \S+){0,3}?\ (?:at|on)\b)
      | y(?:ou\ must\ be\ logged\ in\b | our\ email\ address\ will\ not\ be\ published)
    ))""",
    re.X,
)

#: ...and those a few words into it ("This site requires JavaScript", "… / Getty Images").
#: Costly to try (every start within the first 80-90 characters), so tried only on lines
#: holding one of the words they need ("javascript", "getty"...), once lower-cased...
_BOILERPLATE_INNER = re.compile(
    r"""^\W*+(?:
        .{0,80}\brequires\ javascript\b | .{0,80}\bjavascript\ (?:is\ )?(?:required|disabled)\b
      | .{0,90}(?:getty\ images|shutterstock|istock(?:photo)?|alamy(?:\ stock\ photo)?
                |ap\ photo(?:/[^\n]*+)?)\W*+$
    )""",
    re.I | re.X,
)


def is_boilerplate_line(text: str) -> bool:
    """Whether a short line is page furniture: "© 2024 …", "Read more", "Photo: …" and the like."""
    lowered = fold_case(text)
    if _BOILERPLATE_OPENING.match_folded(lowered):
        return True
    # every inner match holds one of these words (spelled out: faster than a loop over them)
    return (
        "javascript" in lowered or "getty" in lowered or "shutterstock" in lowered
        or "istock" in lowered or "alamy" in lowered or "ap photo" in lowered
    ) and _BOILERPLATE_INNER.match(text) is not None


#: Consent notices and prompts (the lists the text path reads, ``pipeline.patterns``), looked
#: for in blocks of up to a few sentences wherever they start.
COOKIE_NOTICE = PhraseSet((*COOKIE_PHRASES, *COOKIE_NOTICE_PHRASES), loose=True)

#: Text that is markup shown as text (an escaped tracking pixel, a template left in place).
MARKUP_TEXT = re.compile(r"^\s*<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z]+|!--)[\s>/]")

#: Headings that introduce furniture (what follows them in their container is not the article):
#: a heading that starts with a related-list heading or a follow-us phrase (the lists both paths
#: read, ``pipeline.patterns``), a tag label alone, and the shapes only headings have
#: ("3 comments", "More Sports", "Sign up").
RELATED_HEADING = _Caseless(
    r"^\W*+(?:" + alternation((*RELATED_HEADINGS, *FOLLOW_US), loose=True) + r"(?!\w)"
    + r"|" + alternation(TAG_PREFIXES, loose=True) + r"\W*+$"
    + r"""| popular\W*$ | commentaires?\W*$ | kommentare\W*$
      | (?:\d+\ )?(?:(?:top[- ]rated|latest|recent|newest|readers?['’]?|user)\ )?comments?\W*(?:\d+\W*)?$
      | leave\ a\ (?:comment|reply) | tell\ us\ what\ you\ think | share\ this | sign\ up
      | subscribe | newsletter
      | more\ \S++(?:\ \S++)?(?:\ \S++)?\W*+$
      # reader comments, the author's bio box and a paywall's offer, in the languages of
      # pipeline.patterns: what follows is not the article
      | (?:comentarios|coment[áa]rios|commenti|reacties|yorumlar)\W*(?:\(?\d+\)?\W*)?$
      | deja\ (?:un\ comentario|una\ respuesta) | lascia\ un\ commento
      | deixe\ (?:um\ coment[áa]rio|uma\ resposta) | laat\ een\ reactie | schreibe?\ einen\ kommentar
      | laisser\ un\ commentaire | yorum\ yap
      | about\ the\ author | sobre\ (?:el|la|o|a)\ autor | [üu]ber\ (?:den\ autor|die\ autorin)
      | (?:sul)?l['’]autor[ei]\W*$ | over\ de\ (?:auteur|schrijver) | yazar\ hakk[ıi]nda
      | [àa]\ propos\ de\ l['’]auteur
      | para\ (?:seguir|continuar)\ (?:leyendo|a\ ler|lendo) | per\ continuare\ a\ leggere
      | lees\ verder\ met | okumaya\ devam
    )""",
    re.X,
)

#: A consent dialog's title (a closed kind): its panels of cookie purposes follow, long enough
#: to pass for prose once no class word names them.  A furniture heading (``opens_furniture``)
#: that ends the article when less prose follows it than precedes it.
CONSENT_HEADING = _Caseless(
    r"""^\W*+(?:
        privacy\ overview | manage\ (?:cookie\ )?consent | cookie\ (?:settings|preferences)
      | privacy\ preference(?:s|\ center) | gestion\ des\ cookies | param[èe]tres\ des\ cookies
      | cookie-einstellungen | datenschutz-?einstellungen | configuraci[óo]n\ de\ (?:las\ )?cookies
    )\W*$""",
    re.X,
)

#: The heading blog templates put over reader comments, the post's title quoted after it
#: ("10 thoughts on “…”", "One response to “…”"): furniture whatever its length (see
#: ``html_score.opens_furniture``).
COMMENT_COUNT_HEADING = re.compile(
    r"^\W*+(?:\d++|one|no)\s++(?:thoughts?|responses?|comments?|replies)\s++(?:on|to)\s++[^\w\s]",
    re.I,
)

#: Ad-slot placeholder text: a size, maybe after a short label ("Bann", "Pub", "Ad").
AD_SIZE_TEXT = re.compile(
    # (every size starts with a digit: one look-ahead instead of each size tried after each
    # length of the label)
    r"^\W*+(?:[a-z]{0,12}\s*+)?(?=\d)(?:"
    + "|".join(width + r"\s*[x×]\s*" + height for width, height in (
        size.split("x") for size in _non_empty("AD_SLOT_SIZES", AD_SLOT_SIZES)
    ))
    + r")\W*$",
    re.I,
)


#: A slideshow's counter showing its first slide, as the page is served: "1 / 8", "Image 1 of
#: 8", "Photo 1 of / 12" (a counter laid out in spans, its parts joined); only the first slide,
#: so that a rating ("4 / 5") or a score is not taken for one.  The line is at most ~24 chars.
FIRST_SLIDE = re.compile(
    r"(?:(?:image|photo|picture|slide|foto|bild|imagen|immagine|imagem|diapositiva)\s++)?"
    r"0?1\s*+(?:of|/|de|di|von|sur|van)\s*+/?\s*+(?:[2-9]|[1-9]\d{1,2})",
    re.I,
)


def is_ad_size_text(text: str) -> bool:
    """Whether a text is an ad slot's placeholder (``AD_SIZE_TEXT``).  Every size holds an
    "x" or a "×" (``re.I`` matches "x" to nothing else but "X"): three substring tests
    settle most texts without the regex."""
    return ("x" in text or "X" in text or "×" in text) and AD_SIZE_TEXT.match(text) is not None


#: A text that begins with a time of day: 10:18, 9h05, 14 h 30 (the cheap pre-test for tickers).
#: Also after the words the ticker parser reads ("ore 10:18", "alle 9.05", "um 10.18 Uhr",
#: "às 10h18"); a dotted time needs such a word or a unit after it ("10.18 Uhr"), so
#: "1.50 Euro" is not a time.
TIME_PREFIX = re.compile(
    r"^\W{0,3}(?:"
    + TIME_WORDS + r"\s*(?:[01]?\d|2[0-3])\s?[:.hH]\s?[0-5]\d"
    r"|(?:[01]?\d|2[0-3])(?:\s?[:hH]\s?|\.(?=[0-5]\d\s*(?:Uhr|h)\b))[0-5]\d"
    r")"
)

#: Frequent function words per language (ISO 639-1), to tell prose from names and links: the
#: table the language guess reads too (``pipeline.patterns``).
STOP_WORDS_BY_LANGUAGE: dict[str, frozenset[str]] = FUNCTION_WORDS

#: For pages whose language is not known or not listed: all the lists together.
STOP_WORDS = frozenset().union(*STOP_WORDS_BY_LANGUAGE.values())
