"""Installs the torch placeholders of upstream_check before any copied example is imported."""
import upstream_check  # noqa: F401
