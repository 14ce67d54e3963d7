"""Tests that keep the documentation in ``docs/`` true."""
