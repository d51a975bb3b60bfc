"""`manage.py catalog_import FILE`: bulk-load products and SKUs (docs/catalog-format.md)."""

import csv
import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from freeport.catalog.rows import COLUMNS, REQUIRED, BadLine, RowError
from freeport.catalog.services import IMPORT_STATUSES, catalog_import

EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


class HeaderError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


def _no_constant(name):
    raise ValueError(_("%(v)s is not a number") % {"v": name})


def _unique_keys(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(_("key %(k)r appears twice") % {"k": key})
        obj[key] = value
    return obj


def read_jsonl(stream) -> Iterator[tuple[int, dict | BadLine]]:
    """(physical line number, object) per non-blank line. Numbers with a fraction or exponent
    become Decimal (never float); NaN/Infinity and repeated keys are refused."""
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(
                text,
                parse_float=Decimal,
                parse_constant=_no_constant,
                object_pairs_hook=_unique_keys,
            )
        except json.JSONDecodeError as exc:
            reason = _("not valid JSON: %(m)s (column %(c)d)") % {"m": exc.msg, "c": exc.colno}
            yield number, BadLine(reason)
            continue
        except ValueError as exc:
            yield number, BadLine(_("not valid JSON: %(m)s") % {"m": exc})
            continue
        if not isinstance(obj, dict):
            yield number, BadLine(_("not a JSON object"))
            continue
        yield number, obj


def check_header(header: list[str]) -> list[RowError]:
    errors = []
    seen = set()
    for name in header:
        if name in seen:
            errors.append(RowError(1, name, _("column appears twice")))
        seen.add(name)
        if name not in COLUMNS:
            errors.append(RowError(1, name or "-", _("unknown column")))
    for name in REQUIRED:
        if name not in seen:
            errors.append(RowError(1, name, _("required column missing from the header")))
    return errors


def read_csv(stream) -> Iterator[tuple[int, dict | BadLine]]:
    """(first physical line of the record, cells by column) per data record. The header is
    line 1; a record whose quoted cell holds line breaks spans several lines. Blank lines and
    records whose cells are all empty are skipped."""
    reader = csv.reader(stream, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return
        header = [name.strip() for name in header]
        errors = check_header(header)
        if errors:
            raise HeaderError(errors)
        previous = reader.line_num
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                reason = _("%(n)d cells, the header has %(h)d columns")
                yield start, BadLine(reason % {"n": len(cells), "h": len(header)})
                continue
            yield start, dict(zip(header, cells, strict=True))
    except csv.Error as exc:
        raise CommandError(f"line {reader.line_num}: malformed CSV: {exc}") from exc


def count_lines(path: Path) -> int:
    """Physical lines in the file: a cheap upper bound on its rows for the progress bar."""
    lines, last = 0, b"\n"
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


class Command(BaseCommand):
    help = (
        "Import products and SKUs from a JSON Lines or CSV file (docs/catalog-format.md). "
        "Every row is validated first; with any bad row nothing is imported unless "
        "--skip-invalid. Re-importing a file is idempotent (upsert by merchant + SKU code)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .jsonl/.ndjson or .csv file")
        parser.add_argument(
            "--format", choices=["jsonl", "csv"], help="default: from the file extension"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and report the bad ones instead of importing nothing",
        )
        parser.add_argument(
            "--status",
            choices=IMPORT_STATUSES,
            help="listing status for the imported products (default: new ones pending, "
            "existing ones unchanged)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        fmt = options["format"] or EXTENSIONS.get(path.suffix.lower())
        if fmt is None:
            raise CommandError(
                f"{path}: unknown format (extension {path.suffix or 'missing'}); "
                "use .jsonl, .ndjson or .csv, or pass --format jsonl|csv"
            )
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            stream = path.open(encoding="utf-8-sig", newline="" if fmt == "csv" else None)
        except OSError as exc:
            raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc

        bar_file = getattr(self.stderr, "_out", sys.stderr)
        total = count_lines(path) - (fmt == "csv")
        bar = tqdm(
            total=max(total, 0),
            unit=" rows",
            desc="validating",
            file=bar_file,
            disable=None,  # shown on a terminal, silent when stderr is a file or pipe
            dynamic_ncols=True,
        )
        rows = read_csv(stream) if fmt == "csv" else read_jsonl(stream)
        try:
            result = catalog_import(
                rows=rows,
                skip_invalid=options["skip_invalid"],
                status=options["status"],
                progress=bar.update,
            )
        except HeaderError as exc:
            self._print_errors(exc.errors)
            raise CommandError(f"{path}: bad header; nothing imported") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path}: not UTF-8 text (bad byte near offset {exc.start}); nothing imported"
            ) from exc
        finally:
            bar.total = bar.n
            bar.close()
            stream.close()

        if result.rows == 0:
            raise CommandError(f"{path}: the file holds no rows; nothing imported")
        self._print_errors(result.errors)
        for merchant, code, status in result.status_kept:
            self.stderr.write(
                f"note: {merchant} {code}: status stays {status} "
                f"(listing rules do not allow {status} -> {options['status']})"
            )
        self._summary(result)
        if result.errors and (not result.imported or result.rows_valid == 0):
            hint = "" if options["skip_invalid"] else " (--skip-invalid imports the valid rows)"
            raise CommandError(f"{len(result.errors)} error(s) in {path}; nothing imported{hint}")

    def _print_errors(self, errors):
        for error in errors:
            self.stderr.write(str(error))

    def _summary(self, r):
        bad_lines = len({e.line for e in r.errors})
        imported = r.rows_valid if r.imported else 0
        self.stdout.write(
            f"rows: {r.rows} read, {imported} imported, {bad_lines} bad\n"
            f"products: {r.products_created} created, {r.products_updated} updated, "
            f"{r.products_unchanged} unchanged\n"
            f"SKUs: {r.skus_created} created, {r.skus_updated} updated, "
            f"{r.skus_unchanged} unchanged\n"
            f"errors: {len(r.errors)}"
        )
