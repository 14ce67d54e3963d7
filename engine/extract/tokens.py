"""Tokens for alias matching: word runs with their offsets; separators (space . - / _) are boundaries.

"Node.js" → node, js; "ASP.NET" → asp, net; ".NET" → .net; "C/C++" → c, c++; "C#" → c#.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"(?<![^\W_])\.[^\W_]+|[^\W_]+(?:\+\+|#|\+)?")
#: An acronym glued to a capitalised word splits there: "JAVAShould" → JAVA, Should; "SQLServer" → SQL, Server.
_GLUED = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Token:
    """A token: its span in the text and its case-folded form."""

    start: int
    end: int
    norm: str


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets.

    >>> [t.norm for t in tokenize("Node.js, ASP.NET and C/C++")]
    ['node', 'js', 'asp', 'net', 'and', 'c', 'c++']
    >>> [t.norm for t in tokenize("NodeJS, JAVAShould")]
    ['nodejs', 'java', 'should']
    """
    out = []
    for m in _TOKEN.finditer(text):
        start, word = m.start(), m.group()
        cuts = [0, *(g.start() for g in _GLUED.finditer(word)), len(word)]
        out += [
            Token(start + a, start + b, word[a:b].casefold()) for a, b in zip(cuts, cuts[1:], strict=False) if b > a
        ]
    return out


def token_key(text: str) -> str:
    """The matching key of an alias: its tokens joined by single spaces.

    >>> token_key("CI/CD") == token_key("ci-cd") == "ci cd"
    True
    """
    return " ".join(t.norm for t in tokenize(text))
