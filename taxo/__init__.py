"""taxo: a graph-backed job-taxonomy engine.

Top-level packages: ``graph`` (stores), ``rules`` (declarative decisions), ``engine`` (pipeline stages),
``api`` (REST). This package holds what they share: settings, errors, text normalisation and the CLI.
"""

__version__ = "0.1.0"
