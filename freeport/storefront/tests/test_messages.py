"""The committed .mo catalogs must be what scripts/compile_messages.py makes of the .po files."""

import importlib.util
from pathlib import Path

import polib
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "freeport/locale/zh_Hans/LC_MESSAGES/django.po"


def load_script():
    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "scripts/compile_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mo_is_up_to_date_with_po(tmp_path):
    script = load_script()
    assert PO in script.catalogs()
    fresh = tmp_path / "django.mo"
    script.compile_po(PO, fresh)
    committed = PO.with_suffix(".mo")
    assert committed.exists(), "run: make messages"
    assert script.mo_entries(fresh) == script.mo_entries(committed), "run: make messages"
    assert not script.stale(PO)


def test_storefront_strings_are_translated():
    po = polib.pofile(str(PO))
    assert po.metadata["Plural-Forms"].startswith("nplurals=1")
    shopper = ("freeport/storefront/", "freeport/templates/")
    untranslated = [
        e.msgid
        for e in po.untranslated_entries() + po.fuzzy_entries()
        if any(path.startswith(shopper) for path, _line in e.occurrences)
    ]
    assert untranslated == []
    assert len([e for e in po.translated_entries() if "storefront" in str(e.occurrences)]) > 80


def test_django_uses_the_catalog():
    with translation.override("zh-hans"):
        assert translation.gettext("Skip to main content") == "跳到主要内容"
        assert translation.gettext("from %(price)s") % {"price": "¥1.00"} == "¥1.00 起"
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"
