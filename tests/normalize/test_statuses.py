"""Which statuses a sentence states: one table, five languages, each with what must not count."""

from __future__ import annotations

import pytest

from summarizer.normalize.statuses import needs_no_support, statuses_stated

STATED = [
    # Arabic: any spelling of the verb and its noun, with or without shadda, after و ف ب ال
    pytest.param("وقّع الجانبان على الوثيقة الختامية", "signed", True, id="ar-waqqaa-shadda"),
    pytest.param("وقع الجانبان على الوثيقة الختامية", "signed", True, id="ar-waqaa-bare"),
    pytest.param("الاتفاقية التي وقعها مع بوتين", "signed", True, id="ar-waqaaha"),
    pytest.param("ووقعت الحكومتان مذكرة تفاهم", "signed", True, id="ar-wa-waqaat"),
    pytest.param("وقعا اتفاقية للتعاون", "signed", True, id="ar-waqaa-dual"),
    pytest.param("رحب بتوقيع المعاهدة الشاملة", "signed", True, id="ar-bi-tawqi"),
    pytest.param("تم التوقيع على الاتفاق", "signed", True, id="ar-al-tawqi"),
    pytest.param("صادق البرلمان على المعاهدة", "ratified", True, id="ar-ratified"),
    pytest.param("دخلت الاتفاقية حيز التنفيذ", "in_force", True, id="ar-in-force"),
    pytest.param("الاتفاق بين إيران وروسيا لتعزيز التعاون", "agreed", True, id="ar-the-agreement"),
    pytest.param("إنهاء العمل باتفاقية الشراكة", "cancelled", True, id="ar-ending"),
    pytest.param("سيوقع البلدان الاتفاقية الأسبوع المقبل", "signed", False, id="ar-will-sign"),
    pytest.param(
        "سيوقع البلدان الاتفاقية الأسبوع المقبل", "proposed", True, id="ar-will-sign-plan"
    ),
    pytest.param("من المقرر توقيع المعاهدة غدا", "signed", False, id="ar-scheduled-signing"),
    pytest.param("سيتم توقيع الاتفاق", "signed", False, id="ar-will-be-signed"),
    pytest.param("لم يوقع الطرفان على الاتفاق", "signed", False, id="ar-did-not-sign"),
    pytest.param("لتوقيع الاتفاق في موسكو", "signed", False, id="ar-li-tawqi-purpose"),
    pytest.param("مشروع اتفاقية التعاون", "agreed", False, id="ar-draft-agreement"),
    pytest.param("سيدخل الاتفاق حيز التنفيذ", "in_force", False, id="ar-will-enter-force"),
    pytest.param("المنطقة الصناعية المزمع إقامتها", "proposed", True, id="ar-planned"),
    # Persian: امضا in its phrases; future and negation come after it
    pytest.param("این توافق‌نامه به امضا رسید", "signed", True, id="fa-be-emza-resid"),
    pytest.param("دو کشور قرارداد را امضا کردند", "signed", True, id="fa-emza-kardand"),
    pytest.param("امضای این سند در تهران", "signed", True, id="fa-emzaye"),
    pytest.param("به توافق رسیدند", "agreed", True, id="fa-agreed"),
    pytest.param("مجلس این معاهده را تصویب کرد", "ratified", True, id="fa-ratified"),
    pytest.param("قرارداد فردا امضا خواهد شد", "signed", False, id="fa-will-be-signed"),
    pytest.param("قرارداد فردا امضا خواهد شد", "proposed", True, id="fa-will-be-signed-plan"),
    pytest.param("قرار است این سند امضا شود", "signed", False, id="fa-to-be-signed"),
    pytest.param("طرفین قرارداد را امضا نکردند", "signed", False, id="fa-did-not-sign"),
    # Russian
    pytest.param("Стороны подписали соглашение", "signed", True, id="ru-podpisali"),
    pytest.param("Президент подписал указ", "signed", True, id="ru-podpisal"),
    pytest.param("Соглашение подписано в Москве", "signed", True, id="ru-podpisano"),
    pytest.param("после подписания договора", "signed", True, id="ru-podpisanie"),
    pytest.param("Договор вступил в силу", "in_force", True, id="ru-in-force"),
    pytest.param("Соглашение будет подписано в мае", "signed", False, id="ru-will-be-signed"),
    pytest.param("Стороны подпишут соглашение", "signed", False, id="ru-podpishut"),
    pytest.param("Стороны подпишут соглашение", "proposed", True, id="ru-podpishut-plan"),
    pytest.param("Стороны намерены подписать соглашение", "signed", False, id="ru-intend-to-sign"),
    pytest.param("Стороны не подписали соглашение", "signed", False, id="ru-did-not-sign"),
    # French
    pytest.param("Les deux pays ont signé un accord", "signed", True, id="fr-ont-signe"),
    pytest.param("La convention signée à Paris", "signed", True, id="fr-signee"),
    pytest.param("la signature du traité", "signed", True, id="fr-signature"),
    pytest.param("Le traité a été ratifié", "ratified", True, id="fr-ratifie"),
    pytest.param("L'accord est entré en vigueur", "in_force", True, id="fr-en-vigueur"),
    pytest.param("L'accord sera signé demain", "signed", False, id="fr-sera-signe"),
    pytest.param("Les deux pays signeront un accord", "signed", False, id="fr-signeront"),
    pytest.param("La France n'a pas signé le traité", "signed", False, id="fr-n-a-pas-signe"),
    pytest.param("un projet d'accord", "agreed", False, id="fr-draft-agreement"),
    # English
    pytest.param("The two countries signed a deal", "signed", True, id="en-signed"),
    pytest.param("at the signing of the treaty", "signed", True, id="en-signing"),
    pytest.param("Putin travelled to Tehran and signed the pact", "signed", True, id="en-to-far"),
    pytest.param("The treaty was ratified in 2004", "ratified", True, id="en-ratified"),
    pytest.param("The rules took effect in May", "in_force", True, id="en-took-effect"),
    pytest.param("The talks on trade resumed", "under_negotiation", True, id="en-talks"),
    pytest.param("The two sides will sign a deal", "signed", False, id="en-will-sign"),
    pytest.param("The two sides will sign a deal", "proposed", True, id="en-will-sign-plan"),
    pytest.param("They agreed to sign a treaty", "signed", False, id="en-agreed-to-sign"),
    pytest.param("They agreed to sign a treaty", "agreed", True, id="en-agreed-to-sign-agreed"),
    pytest.param("The deal is expected to be signed", "signed", False, id="en-expected-signed"),
    pytest.param("Britain did not sign the treaty", "signed", False, id="en-did-not-sign"),
    pytest.param("a draft agreement on trade", "agreed", False, id="en-draft-agreement"),
    pytest.param("They discussed trade", "signed", False, id="en-no-wording"),
    pytest.param("a planned pipeline deal", "proposed", True, id="en-planned"),
    pytest.param("a planned pipeline deal", "agreed", False, id="en-planned-deal-not-agreed"),
]


@pytest.mark.parametrize(("text", "status", "stated"), STATED)
def test_status_stated(text: str, status: str, stated: bool) -> None:
    assert (status in statuses_stated(text)) is stated, sorted(statuses_stated(text))


def test_only_unknown_needs_no_support() -> None:
    assert needs_no_support("unknown")
    assert not needs_no_support("signed")
