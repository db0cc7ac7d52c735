"""Notifications: each user's in-app inbox (the delivery channels arrive with the reminders issue)."""
