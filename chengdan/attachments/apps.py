from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "chengdan.attachments"
    default_auto_field = "django.db.models.BigAutoField"
