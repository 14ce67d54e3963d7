"""Skill extraction: the alias matcher, context checks for ambiguous aliases, new-skill candidates."""
