"""`manage.py reencrypt_personal_data`: rewrite every encrypted field with the newest key.

Rotation: put the new key first in FREEPORT_FIELD_KEYS (keep the old ones after it), run this
command, then drop the old keys. Blind indexes are recomputed too, so rotating
FREEPORT_BLIND_INDEX_KEY works the same way.
"""

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
                            row.refresh_blind_indexes()
                    with transaction.atomic():
                        model.objects.bulk_update(rows, update)
                    last_pk = rows[-1].pk
                    done += len(rows)
                    bar.update(len(rows))
            self.stdout.write(
                f"{model._meta.label}: {done} rows re-encrypted ({', '.join(fields)})"
            )
