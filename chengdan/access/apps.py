from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "chengdan.access"
    label = "access"
    verbose_name = "权限引擎"
