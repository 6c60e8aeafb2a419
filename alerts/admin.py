"""Job alerts in the admin, for superusers only (moderators have no permission on them): who
subscribes to what, why people leave, and marking an address whose mail bounced."""

from django.contrib import admin, messages
from django.db.models import Count

from alerts import services
from alerts.models import Alert, StopReason, Subscriber, Unsubscription


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the site itself: seen and deleted here, never typed in."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AlertInline(admin.TabularInline):
    model = Alert
    extra = 0
    fields = ["query", "frequency", "status", "confirmed_at", "last_sent_at", "seen_until"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "created_at", "alert_count", "stopped_at", "stop_reason"]
    list_filter = ["stop_reason"]
    search_fields = ["email"]
    fields = ["email", "created_at", "stopped_at", "stop_reason", "stop_detail"]
    readonly_fields = fields
    inlines = [AlertInline]
    actions = ["stop_bounced"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alert_total=Count("alerts"))

    @admin.display(description="alerts", ordering="alert_total")
    def alert_count(self, subscriber):
        return subscriber.alert_total

    @admin.action(permissions=["delete"], description="Stop sending: the address bounced")
    def stop_bounced(self, request, queryset):
        for subscriber in queryset:
            services.subscriber_stop(
                email=subscriber.email, reason=StopReason.BOUNCED, detail="Marked in the admin"
            )
        self.message_user(
            request, f"{queryset.count()} address(es) will receive nothing more.", messages.SUCCESS
        )


@admin.register(Unsubscription)
class UnsubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reason", "frequency", "comment"]
    list_filter = ["reason", "frequency"]
    fields = ["created_at", "reason", "frequency", "comment"]
    readonly_fields = fields
