"""Vocabulary of boilerplate, as data: a new site quirk is a new token plus a test, not a new ``if``.

Each group is a tuple of phrases (case-insensitive, matched at a line start unless said otherwise)
and compiled once into one alternation by :func:`alternation`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "AD_LABELS",
    "AD_SLOT_SIZES",
    "BYLINE_PREFIXES",
    "COOKIE_PHRASES",
    "FOOTER_PHRASES",
    "FOLLOW_US",
    "NEWSLETTER_PHRASES",
    "RELATED_HEADINGS",
    "SHARE_WORDS",
    "STAMP_PREFIXES",
    "TAG_PREFIXES",
    "alternation",
]

#: IAB ad-unit sizes that ad placeholders ("Bann728x90", "pub-300x250") carry.
AD_SLOT_SIZES = (
    "728x90", "300x250", "970x250", "970x90", "300x600", "160x600", "120x600", "320x50",
    "320x100", "468x60", "234x60", "336x280", "250x250", "200x200", "300x100", "980x120",
    "930x180", "300x1050", "1x1",
)
#: Lines that are only an ad label.
AD_LABELS = (
    "advertisement", "advertising", "sponsored", "sponsored content", "publicité", "publicite",
    "pub", "annonce", "contenu sponsorisé", "contenu partenaire", "partner content",
    "story continues below advertisement", "la suite après cette publicité",
    "article continues below", "anzeige", "publicidad",
)
FOLLOW_US = (
    "suivez-nous sur", "suivez-nous", "suivez nous sur", "retrouvez-nous sur", "rejoignez-nous sur",
    "follow us on", "follow us", "like us on", "join us on", "find us on", "abonnez-vous à notre chaîne",
    "subscribe to our channel", "folgen sie uns", "síguenos en",
)
SHARE_WORDS = (
    "partager", "partager sur", "partager cet article", "share", "share this", "share this article",
    "share on", "share via", "tweet", "tweeter", "imprimer", "print", "e-mail", "email", "envoyer",
    "copier le lien", "copy link", "whatsapp", "facebook", "twitter", "linkedin", "x", "pinterest",
    "telegram", "messenger", "reddit", "flipboard", "commenter", "comments", "commentaires",
)
COOKIE_PHRASES = (
    "nous utilisons des cookies", "ce site utilise des cookies", "en poursuivant votre navigation",
    "accepter les cookies", "accepter et fermer", "tout accepter", "gérer les cookies",
    "paramétrer les cookies", "we use cookies", "this site uses cookies", "this website uses cookies",
    "accept all cookies", "accept cookies", "cookie settings", "manage cookies", "cookie policy",
    "by continuing to use this site", "by using this site, you agree",
)
NEWSLETTER_PHRASES = (
    "inscrivez-vous à notre newsletter", "inscrivez-vous à la newsletter", "abonnez-vous à notre newsletter",
    "abonnez-vous à la newsletter", "recevez notre newsletter", "recevez nos newsletters",
    "newsletter", "sign up for our newsletter", "subscribe to our newsletter",
    "get our newsletter", "sign up for", "subscribe now", "abonnez-vous", "s'abonner", "je m'abonne",
    "already a subscriber", "déjà abonné", "réservé aux abonnés", "subscribers only",
)
RELATED_HEADINGS = (
    "lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également", "voir aussi",
    "à voir aussi", "sur le même sujet", "dans la même rubrique", "les plus lus", "les plus lues",
    "articles les plus lus", "les plus partagés", "articles similaires", "articles liés",
    "nos articles", "à la une", "dernières actualités", "en continu",
    "read more", "read also", "also read", "see also", "related", "related articles",
    "related stories", "related content", "more on this story", "more from", "most read",
    "most popular", "most viewed", "trending", "recommended", "recommended for you",
    "you may also like", "you might also like", "more stories", "top stories", "latest news",
    "editor's picks", "don't miss",
)
TAG_PREFIXES = ("tags", "mots-clés", "mots clés", "topics", "thèmes", "keywords", "catégories", "categories", "filed under")
FOOTER_PHRASES = (
    "tous droits réservés", "all rights reserved", "mentions légales", "politique de confidentialité",
    "conditions générales", "conditions d'utilisation", "privacy policy", "terms of use",
    "terms of service", "terms and conditions", "contactez-nous", "contact us", "nous contacter",
    "qui sommes-nous", "about us", "plan du site", "sitemap", "copyright", "©", "(c) ",
    "haut de page", "back to top", "retour en haut",
)
#: "Par Claire Martin": these words followed by a capitalised name.
BYLINE_PREFIXES = ("par", "by", "von", "por", "written by", "reporting by", "texte", "propos recueillis par")
#: "Publié le 12 mars", "Updated 3 hours ago": publication stamps.
STAMP_PREFIXES = ("publié le", "publié à", "mis à jour le", "mis à jour à", "modifié le", "published", "updated",
                  "posted", "last updated", "veröffentlicht", "aktualisiert", "publicado", "actualizado")


def alternation(phrases: Iterable[str]) -> str:
    """One regex alternative group for ``phrases``, longest first; raises on an empty group.

    Not an assert: an empty group would silently match everything and must fail under ``-O`` too.
    """
    items = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
    if not items:
        raise ValueError("empty phrase group")
    return "(?:" + "|".join(items) + ")"
