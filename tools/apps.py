from django.apps import AppConfig


class ToolsConfig(AppConfig):
    """Developer commands (benchmark, generate_synthetic) and the benchmark's reference views."""

    name = "tools"
    verbose_name = "Developer tools"
