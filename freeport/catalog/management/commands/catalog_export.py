"""`manage.py catalog_export`: every SKU as a row of the import format (docs/catalog-format.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from freeport.catalog.exporting import FORMATS, sku_rows, write_rows
from freeport.catalog.models import Merchant

EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


class Command(BaseCommand):
    help = (
        "Export every SKU as a row of the catalog import format (JSON Lines or CSV), to stdout "
        "or --output FILE. Importing the output changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=FORMATS, help="default: from --output's extension, else jsonl"
        )
        parser.add_argument("--output", "-o", help="file to write (default: stdout)")
        parser.add_argument("--merchant", help="only this merchant's SKUs (merchant code)")

    def handle(self, *args, **options):
        output = options["output"]
        fmt = options["format"]
        if fmt is None:
            fmt = EXTENSIONS.get(Path(output).suffix.lower(), "jsonl") if output else "jsonl"
        merchant = options["merchant"]
        if merchant is not None and not Merchant.objects.filter(code=merchant).exists():
            raise CommandError(f"unknown merchant {merchant!r}")
        rows = sku_rows(merchant)
        if output:
            try:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = write_rows(rows, out, fmt)
            except OSError as exc:
                raise CommandError(f"{output}: cannot write: {exc.strerror}") from exc
            self.stderr.write(f"{count} SKU rows written to {output}")
        else:
            write_rows(rows, _Stdout(self.stdout), fmt)


class _Stdout:
    """Lets csv/json write through the command's stdout without extra line endings."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
