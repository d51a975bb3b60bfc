"""`manage.py reencrypt_personal_data`: rewrite every encrypted field with the newest key.

Rotation: put the new key first in FREEPORT_FIELD_KEYS (keep the old ones after it), run this
command, then drop the old keys. Blind indexes are recomputed too, so rotating
FREEPORT_BLIND_INDEX_KEY works the same way. Rows that only hold a copy of a blind index (no
encrypted source to recompute it from, e.g. the quota ledger, model attribute
`blind_index_copies`) are re-keyed through the old → new pairs seen on the rows that have the
source; copies no source row explains are reported (they keep the old value).
"""

from collections import defaultdict

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from freeport.kernel.crypto import EncryptedTextField

CHUNK = 500


def encrypted_models():
    for model in apps.get_models():
        fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt personal data with the current key and recompute blind indexes."

    def handle(self, *args, **options):
        rekeyed: dict[str, dict[str, str]] = defaultdict(dict)  # field → {old: new}
        for model, fields in encrypted_models():
            total = model.objects.count()
            done = 0
            with tqdm(total=total, desc=model._meta.label, unit="row") as bar:
                last_pk = 0
                while True:
                    rows = list(model.objects.filter(pk__gt=last_pk).order_by("pk")[:CHUNK])
                    if not rows:
                        break
                    update = [*fields, *getattr(model, "blind_index_fields", ())]
                    for row in rows:
                        if hasattr(row, "refresh_blind_indexes"):
                            old = {f: getattr(row, f) for f in model.blind_index_fields}
                            row.refresh_blind_indexes()
                            for f, value in old.items():
                                if value and value != getattr(row, f):
                                    rekeyed[f][value] = getattr(row, f)
                    with transaction.atomic():
                        model.objects.bulk_update(rows, update)
                    last_pk = rows[-1].pk
                    done += len(rows)
                    bar.update(len(rows))
            self.stdout.write(
                f"{model._meta.label}: {done} rows re-encrypted ({', '.join(fields)})"
            )
        for model in apps.get_models():
            for field in getattr(model, "blind_index_copies", ()):
                self._rekey_copies(model, field, rekeyed[field])

    def _rekey_copies(self, model, field: str, pairs: dict[str, str]) -> None:
        moved = 0
        with transaction.atomic():
            for old, new in tqdm(pairs.items(), desc=f"{model._meta.label}.{field}", unit="key"):
                moved += model.objects.filter(**{field: old}).update(**{field: new})
        current = set(pairs.values())
        values = model.objects.values_list(field, flat=True).iterator() if pairs else ()
        stale = sum(1 for value in values if value not in current)
        self.stdout.write(f"{model._meta.label}: {moved} rows re-keyed ({field})")
        if stale:
            self.stderr.write(
                f"{model._meta.label}: {stale} rows keep an index no source row explains "
                f"({field}); they no longer match anyone"
            )
