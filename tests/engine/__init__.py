"""Tests of the pipeline stages in ``engine/``."""
