"""The admin resource of channel configuration, deliveries and test sends."""

from chengdan.access.policies import Policy, register
from chengdan.notifications.models import ChannelEndpoint

NOTIFICATION_SETTINGS = register(
    Policy(
        resource="notification_settings",
        model=ChannelEndpoint,
        owner_field=None,
        department_field=None,
        actions=("view", "create", "edit", "delete"),
        label="通知渠道设置（群机器人、短信、投递记录）",
    )
)
