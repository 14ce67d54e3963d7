"""Find every skill alias of the graph in a text with one Aho-Corasick automaton (pyahocorasick).

Matching is case-insensitive and format-insensitive within the alias's own token structure: "node js",
"Node.JS" and "node-js" match the alias "Node.js", and "nodejs" matches too (a multi-token alias joined).
The risky direction — several separate words forming a one-token alias ("is a" → "ISA") — is only taken
when the words are joined without whitespace ("multi-threading" → "multithreading"). Ambiguous aliases
("Go", "R", "Swift") are accepted only with supporting context (see ``accept_ambiguous``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

from taxo.engine.extract.tokens import Token, tokenize
from taxo.engine.models.taxonomy import SkillAlias, SkillInfo
from taxo.engine.taxonomy import Taxonomy


@dataclass(frozen=True)
class _Entry:
    skill: str
    alias: str
    ambiguous: bool
    canonical: bool
    tokens: int
    joined: bool  # this key is the alias's tokens joined without spaces


@dataclass(frozen=True)
class Hit:
    """A match of an alias in a text (offsets into that text)."""

    start: int
    end: int
    surface: str
    skill: str
    alias: str
    ambiguous: bool
    canonical: bool
    first_token: int
    last_token: int


class SkillMatcher:
    """Aho-Corasick over every alias key; ``find`` returns raw hits before ambiguity checks."""

    def __init__(self, aliases: Iterable[SkillAlias], skills: Mapping[str, SkillInfo]):
        entries: dict[str, list[_Entry]] = defaultdict(list)
        for a in aliases:
            info = skills.get(a.skill)
            if info is None:
                continue
            toks = tokenize(a.text)
            if not toks:
                continue
            ambiguous = a.needs_context or (info.needs_context and a.canonical)
            key = " ".join(t.norm for t in toks)
            entries[key].append(_Entry(a.skill, a.text, ambiguous, a.canonical, len(toks), False))
            if len(toks) > 1:
                entries["".join(t.norm for t in toks)].append(
                    _Entry(a.skill, a.text, ambiguous, a.canonical, len(toks), True)
                )
        self._automaton = ahocorasick.Automaton()
        for key, es in entries.items():
            # one skill per key: an unambiguous entry beats an ambiguous one, canonical beats alias
            best = sorted(es, key=lambda e: (e.joined, e.ambiguous, not e.canonical, e.skill))
            self._automaton.add_word(key, (key, tuple(best)))
        self._single = {k: v for k, v in entries.items() if " " not in k}
        self._automaton.make_automaton()
        self.size = len(entries)

    def find(self, text: str) -> list[Hit]:
        """Every alias occurrence on token boundaries, overlapping ones included."""
        toks = tokenize(text)
        if not toks:
            return []
        stream = " ".join(t.norm for t in toks)
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        pos = 0
        for i, t in enumerate(toks):
            starts[pos] = i
            pos += len(t.norm)
            ends[pos] = i
            pos += 1
        hits: list[Hit] = []
        for last, (key, entries) in self._automaton.iter(stream):
            begin, finish = last - len(key) + 1, last + 1
            if begin not in starts or finish not in ends:
                continue
            i, j = starts[begin], ends[finish]
            entry = next((e for e in entries if not e.joined or i == j), None)
            if entry is not None:
                hits.append(self._hit(text, toks, i, j, entry))
        hits += self._joined_words(text, toks)
        return hits

    def _joined_words(self, text: str, toks: list[Token]) -> list[Hit]:
        """Words glued by - . / _ (no space) matching a one-token alias: multi-threading → multithreading."""
        out: list[Hit] = []
        i = 0
        while i < len(toks):
            j = i
            while (
                j + 1 < len(toks)
                and not any(c.isspace() for c in text[toks[j].end : toks[j + 1].start])
                and toks[j + 1].start - toks[j].end <= 1
            ):
                j += 1
            for a in range(i, j + 1):
                for b in range(a + 1, j + 1):
                    entries = self._single.get("".join(t.norm for t in toks[a : b + 1]))
                    if entries:
                        out.append(self._hit(text, toks, a, b, entries[0]))
            i = j + 1
        return out

    @staticmethod
    def _hit(text: str, toks: list[Token], i: int, j: int, e: _Entry) -> Hit:
        s, t = toks[i].start, toks[j].end
        return Hit(s, t, text[s:t], e.skill, e.alias, e.ambiguous, e.canonical, i, j)


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the longest non-overlapping hits (ties: unambiguous, canonical, leftmost)."""
    chosen: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.ambiguous, not h.canonical, h.start, h.skill)):
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def skill_matcher(tax: Taxonomy) -> SkillMatcher:
    """The matcher over every skill alias of a taxonomy snapshot (built once per snapshot)."""
    return tax.derived("skill_matcher", lambda: SkillMatcher(tax.skill_aliases, tax.skills))
