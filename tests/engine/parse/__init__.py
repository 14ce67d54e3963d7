"""Tests of the JD parser (``taxo.engine.parse``)."""
