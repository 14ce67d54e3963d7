"""Tests of the JD parser (``engine.parse``)."""
