"""Small database helpers the hot paths share."""

from django.db import IntegrityError, connections, router, transaction
from django.db.models.constants import OnConflict


def insert_or_skip(obj) -> bool:
    """INSERT `obj` unless a unique constraint already holds its values; True if inserted.

    One statement (`INSERT ... ON CONFLICT DO NOTHING RETURNING id`, PostgreSQL and SQLite
    3.35+) instead of get_or_create's read, savepoint, insert and release, or a savepoint
    around `save()` to catch an IntegrityError: a paid order went through four of those. On
    success `obj.pk` is set; on a conflict nothing is written and `obj.pk` stays None. Like
    `bulk_create`, it calls no `save()` (fields' `pre_save`, e.g. auto_now_add, still run).
    Django's bulk_create(ignore_conflicts=True) cannot say whether the row went in, hence
    the queryset's `_insert`, the call `Model.save()` itself uses.

    On SQLite this is INSERT OR IGNORE, which also skips a row breaking a NOT NULL or CHECK
    constraint (PostgreSQL skips only the unique conflict): use it for values computed by
    code, not taken from input.
    """
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model, instance=obj)
    if not connections[using].features.can_return_columns_from_insert:
        # SQLite < 3.35 has no RETURNING: Django would take the id of an earlier insert for a
        # skipped row. Fall back to what get_or_create does: a savepoint around the insert.
        try:
            with transaction.atomic(using=using):
                obj.save(force_insert=True, using=using)
        except IntegrityError:
            obj.pk = None
            return False
        return True
    fields = [f for f in meta.concrete_fields if not f.generated and f is not meta.auto_field]
    rows = model._base_manager._insert(
        [obj],
        fields=fields,
        returning_fields=[meta.pk],
        using=using,
        on_conflict=OnConflict.IGNORE,
    )
    if not rows or rows[0] is None:
        return False
    obj.pk = rows[0][0]
    obj._state.adding, obj._state.db = False, using
    return True
