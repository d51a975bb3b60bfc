"""`manage.py search_reindex`: rebuild the search index of every public product."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from freeport.catalog.selectors import public_products
from freeport.search import backends, services


class Command(BaseCommand):
    help = "Rebuild the search index (every public product) with a progress bar."

    def handle(self, *args, verbosity: int = 1, **options):
        started = time.monotonic()
        total = public_products().count()
        with tqdm(total=total, unit="product", disable=verbosity < 1, file=self.stderr) as bar:
            written = services.index_rebuild(progress=bar.update)
        if verbosity:
            self.stdout.write(
                f"Indexed {written} products ({backends.current().name}) "
                f"in {time.monotonic() - started:.1f} s."
            )
