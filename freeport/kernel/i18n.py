"""Bilingual content: models keep `<field>_zh` and `<field>_en`; pick by the active language."""

from django.utils.translation import get_language


def is_english(language: str | None = None) -> bool:
    return (language or get_language() or "zh-hans").startswith("en")


def localized(obj, field: str, language: str | None = None) -> str:
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    if is_english(language):
        return en or zh
    return zh or en
