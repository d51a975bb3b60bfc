#!/usr/bin/env python3
"""Compile every gettext catalog (.po) of the project into .mo files, using polib.

GNU gettext (msgfmt) is not needed, so `make messages` works on a fresh machine.
Fuzzy and untranslated entries are left out, as msgfmt does by default.

    python scripts/compile_messages.py           # write the .mo files
    python scripts/compile_messages.py --check   # exit 1 if any .mo is missing or out of date
"""

import argparse
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "freeport"


def catalogs(root: Path = SOURCE) -> list[Path]:
    """All .po files under any `locale/<lang>/LC_MESSAGES/` directory of the project."""
    return sorted(p for p in root.rglob("locale/*/LC_MESSAGES/*.po") if ".venv" not in p.parts)


def compile_po(po_path: Path, mo_path: Path) -> None:
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


def mo_entries(mo_path: Path) -> dict:
    """A .mo file's content as {(context, msgid): translation} for comparison."""
    out = {}
    for entry in polib.mofile(str(mo_path)):
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        out[key] = (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
    return out


def stale(po_path: Path) -> bool:
    """True when the committed .mo next to the .po does not hold what the .po compiles to."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return True
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.mo"
        compile_po(po_path, fresh)
        return mo_entries(fresh) != mo_entries(mo_path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date .mo files")
    args = parser.parse_args(argv)
    found = catalogs()
    if not found:
        print("no .po files found", file=sys.stderr)
        return 1
    outdated = []
    for po_path in found:
        if args.check:
            if stale(po_path):
                outdated.append(po_path)
            continue
        compile_po(po_path, po_path.with_suffix(".mo"))
        print(f"compiled {po_path.relative_to(ROOT)}")
    for path in outdated:
        print(f"out of date: {path.relative_to(ROOT)} (run: make messages)", file=sys.stderr)
    return 1 if outdated else 0


if __name__ == "__main__":
    sys.exit(main())
