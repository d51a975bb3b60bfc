"""Django's database sessions, an existing session saved in one statement.

SESSION_ENGINE = "freeport.kernel.sessions". Django wraps every save in atomic() (BEGIN, UPDATE,
COMMIT) because creating a session may hit a duplicate key; updating one is a single UPDATE
that needs no transaction of its own. A cart change saves the session (the header's count):
two statements less for each.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError, connections, router


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        using = router.db_for_write(self.model)
        # Inside a caller's transaction Django's savepoint keeps a failure from spoiling it.
        if must_create or self.session_key is None or connections[using].in_atomic_block:
            return super().save(must_create)
        obj = self.create_model_instance(self._get_session())
        try:  # a forced update of a deleted session matches no row: Django's UpdateError
            obj.save(force_update=True, using=using)
        except DatabaseError:
            raise UpdateError from None
