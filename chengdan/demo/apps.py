from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "chengdan.demo"
    label = "demo"
