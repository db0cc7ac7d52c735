"""Error codes of notification settings and deliveries."""

from enum import StrEnum


class NotificationErrorCode(StrEnum):
    TEST_SEND_FAILED = "notification.test_send_failed"
    DELIVERY_ALREADY_SENT = "notification.delivery_already_sent"
    ENDPOINT_TAKEN = "notification.endpoint_taken"
