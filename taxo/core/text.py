"""Text keys used everywhere taxo compares names: exact-normalised, format-insensitive, slugs."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"\s+")
_LOOSE_DROP = re.compile(r"[\s.\-_/'’`]+")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def norm(text: str) -> str:
    """Case-folded, NFKC, whitespace-collapsed text: the exact-lookup key of an alias.

    >>> norm("  Node.JS  ")
    'node.js'
    """
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def loose(text: str) -> str:
    """Format-insensitive key: ``norm`` without spaces, dots, hyphens, slashes and underscores.

    "Node.js", "NodeJS" and "node js" share one key; "C++" and "C#" keep their symbols.

    >>> loose("Node.js") == loose("NodeJS") == loose("node js")
    True
    """
    return _LOOSE_DROP.sub("", norm(text))


def slugify(text: str) -> str:
    """Lower-case ASCII slug with hyphens; ``+`` and ``#`` are spelled out.

    >>> slugify("C# / .NET Developer")
    'csharp-dotnet-developer'
    """
    t = norm(text).replace("c++", "cpp").replace("c#", "csharp").replace("f#", "fsharp")
    t = re.sub(r"(^|\s)\.net", r"\1dotnet", t).replace("+", " plus ").replace("#", " sharp ")
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", t).strip("-")


def text_hash(text: str) -> str:
    """Stable short hash of a text (sha256, 16 hex chars)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
