"""Language identification (CLD2): the world's news languages, the declared language as a prior, 'und' when unsure."""
from __future__ import annotations

import pytest

from pipeline import clean_page
from pipeline.language import UNDETERMINED, detect_language

#: One invented news sentence per language, as a wire story would open.
NEWS = {
    "ar": "أعلنت وزارة الصحة أمس أن الإجراءات الجديدة ستدخل حيز التنفيذ في بداية الشهر المقبل في جميع المدن.",
    "ru": "Министерство здравоохранения вчера объявило, что новые меры вступят в силу с начала следующего месяца.",
    "zh": "卫生部昨天宣布，新的措施将从下个月初开始在所有城市实施，市民需要提前做好准备。",
    "el": "Το υπουργείο Υγείας ανακοίνωσε χθες ότι τα νέα μέτρα θα τεθούν σε ισχύ από τις αρχές του επόμενου μήνα.",
    "pl": "Ministerstwo Zdrowia poinformowało wczoraj, że nowe przepisy wejdą w życie na początku przyszłego miesiąca.",
    "tr": "Sağlık Bakanlığı dün yaptığı açıklamada yeni önlemlerin gelecek ayın başından itibaren yürürlüğe gireceğini bildirdi.",
    "ja": "厚生労働省は昨日、新しい措置が来月の初めから全国の都市で実施されると発表した。",
    "ko": "보건복지부는 어제 새로운 조치가 다음 달 초부터 모든 도시에서 시행된다고 발표했다.",
    "he": "משרד הבריאות הודיע אתמול כי הצעדים החדשים ייכנסו לתוקף בתחילת החודש הבא בכל הערים.",
    "hi": "स्वास्थ्य मंत्रालय ने कल घोषणा की कि नए उपाय अगले महीने की शुरुआत से सभी शहरों में लागू होंगे।",
    "uk": "Міністерство охорони здоров'я вчора оголосило, що нові заходи набудуть чинності з початку наступного місяця.",
    "fa": "وزارت بهداشت دیروز اعلام کرد که اقدامات جدید از ابتدای ماه آینده در همه شهرها اجرا خواهد شد.",
    "fr": "Le ministère de la Santé a annoncé hier que les nouvelles mesures entreront en vigueur au début du mois prochain.",
    "en": "The health ministry said on Wednesday that the new measures would take effect at the start of next month.",
}


@pytest.mark.parametrize("lang", sorted(NEWS))
def test_news_languages_are_named(lang: str) -> None:
    assert detect_language(NEWS[lang]) == lang


@pytest.mark.parametrize("lang", ["ar", "ru", "zh", "el", "pl", "tr"])
def test_a_wrong_declaration_does_not_override_the_text(lang: str) -> None:
    assert detect_language(NEWS[lang], hint="en") == lang


def test_too_little_text_keeps_the_declaration_or_is_undetermined() -> None:
    assert detect_language("ok 12:30", hint="de") == "de"
    assert detect_language("ok 12:30") == UNDETERMINED
    assert detect_language("") == UNDETERMINED


def test_hebrew_is_named_he_not_cld2s_old_iw() -> None:
    assert detect_language(NEWS["he"], hint="he") == detect_language(NEWS["he"]) == "he"


def test_control_characters_of_a_mis_decoded_page_do_not_lose_the_language() -> None:
    text = "We\x92re told the council\x92s budget will be voted on next month, members said on Tuesday."
    assert detect_language(text) == "en"


def test_html_page_in_arabic_declared_english_by_its_template() -> None:
    body = "".join(f"<p>{i}. {NEWS['ar']} {NEWS['ar']}</p>" for i in range(3))
    doc = clean_page(f"<html lang='en'><head><title>خبر</title></head><body><article>{body}</article></body></html>")
    assert doc.language == "ar"
