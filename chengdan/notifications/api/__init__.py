"""The notification endpoints, mounted at /api/v1/notifications: the inbox and its live count, kinds and
preferences, and the admin's channels, e-mail status and outbox."""

from chengdan.notifications.api import inbox, preferences, settings

router = inbox.router
router.add_router("", preferences.router)
router.add_router("", settings.router)

__all__ = ["router"]
