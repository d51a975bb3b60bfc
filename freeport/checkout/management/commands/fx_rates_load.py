"""Load exchange rates from a CSV file (format in docs/checkout.md, "Currencies")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from freeport.checkout.fx_services import fx_rates_load, parse_rates


class Command(BaseCommand):
    help = "Load exchange rates (CSV: currency,cny_per_unit,as_of,source); all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        rates, errors = parse_rates(text)
        if errors:
            raise CommandError("no rate loaded:\n" + "\n".join(f"  {e}" for e in errors))
        new = fx_rates_load(rates)
        self.stdout.write(f"{len(rates)} rates read, {new} new")
