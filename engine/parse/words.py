"""Word counting and the first/last words of a block (its source marker).

Example: ``count_words("Design APIs • Java, C++")`` -> ``4``;
``marker_words("• Responsible for designing system solutions, developing apps.", 3)`` ->
``("Responsible for designing", "solutions, developing apps.")``. A CJK character counts as a word.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\S+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD_CHAR = re.compile(r"[^\W_]")


def count_words(text: str) -> int:
    """Whitespace tokens with a letter or digit; each CJK character is one word."""
    total = 0
    for token in _TOKEN.finditer(text):
        piece = token.group()
        cjk = len(_CJK.findall(piece))
        if cjk:
            total += cjk + (1 if _WORD_CHAR.search(_CJK.sub("", piece)) else 0)
        elif _WORD_CHAR.search(piece):
            total += 1
    return total


def marker_words(text: str, n: int = 5) -> tuple[str, str] | None:
    """The text's first and last ``n`` words, verbatim (bullet characters and the like skipped)."""
    tokens = [t for t in _TOKEN.finditer(text) if _WORD_CHAR.search(t.group())]
    if not tokens:
        return None
    first = text[tokens[0].start() : tokens[min(n, len(tokens)) - 1].end()]
    last = text[tokens[max(0, len(tokens) - n)].start() : tokens[-1].end()]
    return first, last
