"""Notifications: each user's in-app inbox, and its fan-out to e-mail, group robots and SMS through an outbox."""
