from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Owns ``seed_demo`` and the demo data; no models."""

    name = "demo"
