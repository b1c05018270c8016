"""Shared core: settings, data models, Dutch text and number helpers, the deployment profile."""
