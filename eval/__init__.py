"""Evaluation data for ``taxo eval``: the SkillSpan converter and its reviewed role labels (see README.md)."""
