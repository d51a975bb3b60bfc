from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Operators watch side effects that keep failing and send a dead one again."""

    list_display = ["id", "topic", "key", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "topic"]
    search_fields = ["key"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is lost: a message is never deleted by hand

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=OutboxMessage.Status.DONE).update(
            status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, _("%(n)d messages will be sent again.") % {"n": count},
                          messages.SUCCESS)  # fmt: skip
