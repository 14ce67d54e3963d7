"""Seed-quality tests use the session fixture ``seed_bundle`` from ``tests/conftest.py``."""
