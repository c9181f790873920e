"""Offline evaluation of the discovery engines on public datasets (never the site's DB)."""
