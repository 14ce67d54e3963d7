"""Is a text English? A share of very common English words, checked against other languages.

Example: ``english_verdict("We are looking for a developer with experience in Java ...")`` -> None
(English); ``english_verdict("Wir suchen einen erfahrenen Entwickler für unser Team ...")`` ->
``"only 12% of words are common English words (common words of other European languages: 50%)"``.
"""

from __future__ import annotations

import re

from taxo.engine.parse.vocabulary import vocab

_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]+>")
_URL = re.compile(r"\S*(?:https?://|www\.)\S*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MIN_ENGLISH_SHARE = 0.10  # below this, and with some words of another language, it is not English
MIN_FOREIGN_SHARE = 0.02  # a bare keyword list ("Java, Spring, Kafka, AWS") has neither kind of word


def english_verdict(text: str, sample: int = 20_000) -> str | None:
    """None when the text reads as English, else why it does not."""
    text = _URL.sub(" ", _PLACEHOLDER.sub(" ", text[:sample]))
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "the text has no letters"
    latin = sum(1 for ch in letters if ch < "\u0250")
    if latin / len(letters) < 0.5:
        return f"only {latin / len(letters):.0%} of letters are Latin"
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return "the text has no words"
    v = vocab()
    english = sum(1 for w in words if w in v.english_words) / len(words)
    foreign = sum(1 for w in words if w in v.foreign_words) / len(words)
    if foreign > english or (english < MIN_ENGLISH_SHARE and foreign >= MIN_FOREIGN_SHARE):
        return (
            f"only {english:.0%} of words are common English words "
            f"(common words of other European languages: {foreign:.0%})"
        )
    return None
