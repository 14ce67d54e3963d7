"""Where the job is: city, state, country (from a small gazetteer) and work mode.

Example: the labelled lines "Job Location: Gurgaon, Haryana" and "Work from Office" give
``[Location(city="Gurgaon", state="Haryana", country="India", work_mode="onsite", raw="Gurgaon, Haryana")]``.
Only labelled fields, the title and sentences such as "This role is remote" or "based in London" are
read: "hybrid, onsite or virtual arrangements" in a benefits list says nothing about this job.
"""

from __future__ import annotations

import re

from taxo.engine.parse.headings import PLACEHOLDER, is_exact_heading, label_line, own_line_label
from taxo.engine.parse.model import Location, WorkMode
from taxo.engine.parse.vocabulary import normalize_phrase, vocab

LOCATION_LABELS = frozenset(
    "location|locations|job location|work location|office location|location options|city|based in|"
    "country|work mode|workplace type|working model".split("|")
)
_NOT_PLACES = frozenset(
    "remote hybrid onsite on-site office visa paid relocation full-time part-time anywhere flexible "
    "multiple various tbd n/a global worldwide home".split()
)


def modes_in(text: str) -> list[WorkMode]:
    """The work modes a text names, in the order of the vocabulary (remote, hybrid, onsite)."""
    return [WorkMode(mode) for mode, pattern in vocab().work_modes if pattern.search(text)]


def _single_mode(text: str) -> WorkMode | None:
    modes = modes_in(text)
    return modes[0] if len(modes) == 1 else None


def _placeish(token: str) -> bool:
    words = token.split()
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not re.search(r"\d", token)
        and not any(w.lower().strip("()") in _NOT_PLACES for w in words)
        and not is_exact_heading(token)
    )


def _place(tokens: list[str]) -> tuple[str | None, str | None, str | None]:
    v = vocab()
    city = state = country = None
    for token in tokens:
        key = token.lower().strip(" .")
        if key in v.cities and city is None:
            city, city_state, city_country = v.cities[key]
            state, country = state or city_state, country or city_country
        elif key in v.states and (state is None or state == v.states[key][0]):
            state, country = v.states[key][0], country or v.states[key][1]
        elif key in v.countries:
            country = v.countries[key]
        elif city is None and _placeish(token):
            city = token
    return city, state, country


def parse_places(value: str) -> list[tuple[str | None, str | None, str | None]]:
    """``"Gurgaon, Haryana"`` -> ``[("Gurgaon", "Haryana", "India")]``; ``"Pune / Mumbai"`` -> two."""
    text = PLACEHOLDER.sub(" ", value)
    for _, pattern in vocab().work_modes:
        text = pattern.sub(" ", text)
    text = re.sub(r"[()]", " ", text)
    places = []
    for part in re.split(r"\s*(?:/|\||;|\bor\b|&|\band\b)\s*", text):
        tokens = [t.strip() for t in part.split(",") if t.strip()]
        if len(tokens) > 1 and all(t.lower() in vocab().cities for t in tokens):
            places += [_place([t]) for t in tokens]
        elif tokens:
            places.append(_place(tokens))
    return [p for p in places if any(p)]


def _labelled_values(meta_text: str) -> list[str]:
    values, expecting = [], False
    for line in meta_text.split("\n"):
        if expecting:
            values.append(line.strip())
            expecting = False
            continue
        if own_line_label(line):
            expecting = normalize_phrase(line) in LOCATION_LABELS
            continue
        label = label_line(line)
        if label and normalize_phrase(label.label) in LOCATION_LABELS:
            values.append(line[label.value_start :].strip())
    return values


def find_locations(meta_blocks: list[str], title: str | None, sentences: list[str]) -> list[Location]:
    """Places and work mode from labelled fields, the title and explicit sentences."""
    found: list[Location] = []
    modes: list[tuple[WorkMode, str]] = []
    for block in meta_blocks:
        for value in _labelled_values(block):
            mode = _single_mode(value)
            places = parse_places(value)
            found += [Location(city=c, state=s, country=k, work_mode=mode, raw=value) for c, s, k in places]
            if mode and not places:
                modes.append((mode, value))
        for line in block.split("\n"):
            if line.strip().lower().rstrip(".") in vocab().meta_lines and (line_mode := _single_mode(line)):
                modes.append((line_mode, line.strip()))
    if title and (title_mode := _single_mode(title)):
        modes.append((title_mode, title))
    for sentence in sentences:
        cue = vocab().work_mode_sentences.search(sentence)
        if not cue:
            continue
        if cue.group().lower().startswith(("based", "located")):
            after = sentence[cue.end() : cue.end() + 60]
            words = re.findall(r"[A-Z][\w.-]*(?: [A-Z][\w.-]*)?", after)
            places = [p for w in words[:2] for p in parse_places(w) if w.lower() in vocab().cities]
            found += [Location(city=c, state=s, country=k, raw=sentence.strip()) for c, s, k in places[:1]]
        elif cue_mode := _single_mode(cue.group()):
            modes.append((cue_mode, sentence.strip()))
    distinct = list(dict.fromkeys(mode for mode, _ in modes))
    if len(distinct) == 1:
        found = [loc if loc.work_mode else loc.model_copy(update={"work_mode": distinct[0]}) for loc in found]
    if not found:
        seen: set[WorkMode] = set()
        for mode, raw in modes:
            if mode not in seen:
                seen.add(mode)
                found.append(Location(work_mode=mode, raw=raw))
    unique: list[Location] = []
    keys: set[tuple[str | None, ...]] = set()
    for loc in found:
        key = (loc.city, loc.state, loc.country, loc.work_mode)
        if key not in keys:
            keys.add(key)
            unique.append(loc)
    return unique
