"""Tests of the HTTP API (a package, so its conftest does not shadow tests/conftest.py)."""
