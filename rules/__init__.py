"""Declarative decision rules that curators edit by pull request, run by durable-rules.

``load_rulebook(path)`` validates every ``*.yaml`` rule file (problems as ``file:rule: reason``),
compiles them and returns a ``RuleBook`` whose ``decide(ruleset, facts)`` names the rule that fired
and the rules version (a content hash of the files).
"""

from taxo.rules.book import Decision, RuleBook, load_rulebook

__all__ = ["Decision", "RuleBook", "load_rulebook"]
