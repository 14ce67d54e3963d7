"""Find the job title and derive the forms used to look it up in the role-alias table.

Example: ``clean_title("Senior QA Engineer ( m/f/d ) <ORGANIZATION>")`` -> ``"Senior QA Engineer"``;
``title_variants("Site Reliability Engineer ( SRE ) ( JoinOCI-SDE )")`` ->
``["Site Reliability Engineer (SRE) (JoinOCI-SDE)", "Site Reliability Engineer", "SRE"]``;
``title_from_sentence("We are looking for an innovative, experienced, and talented senior software
engineer who will ...")`` -> ``"Senior Software Engineer"``.
"""

from __future__ import annotations

import re

from taxo.engine.parse.headings import PLACEHOLDER, is_exact_heading
from taxo.engine.parse.vocabulary import normalize_phrase, vocab

_JUNK_TAIL = re.compile(
    r"\s(?:Date posted|Likes:|Job description:|Location options:|Job type:|Experience level:)", re.IGNORECASE
)
_AT_ORG = re.compile(r"\s+at\s+(?=<[A-Z]|[A-Z])")
_PLACEHOLDER_PAREN = re.compile(r"\([^()]*<[A-Z][A-Z_]+>[^()]*\)?")
_SEGMENT_SPLIT = re.compile(r"\s+[-–—|]\s+|\s*:\s+|\s+[-–—|]$")
_WORD = re.compile(r"[^\W_][\w+#.'’]*(?:-[\w+#.'’]+)*|\.NET\b", re.UNICODE)
_SENTENCE_WORDS = frozenset(
    "we you our your is are was were will would can could looking seeking join to have has do does i my "
    "this that there here us as about".split()
)
_QUALIFIER = re.compile(r"\s+(?:with|for|in|at|on|onsite|remote|focusing|focused|specialising|specializing)\s")
_STOP_TOKENS = frozenset(
    "who that to with for in at on which whose where is are will would based located within from as you "
    "we our your and/or".split()
)
_ARTICLES = frozenset("a an the our one two our their this".split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_role_noun(word: str) -> bool:
    """True for words that name a role: "Engineer", "developers", "SRE", "Bioinformatician"."""
    v = vocab()
    for part in re.split(r"[/-]", word.lower().strip(".'’")):
        if not part:
            continue
        singular = part[:-1] if part.endswith("s") and len(part) > 3 else part
        if part in v.role_nouns or singular in v.role_nouns:
            return True
        for suffix in v.role_noun_suffixes:
            if (
                singular.endswith(suffix)
                and len(singular) >= len(suffix) + 4
                and singular not in v.role_noun_suffix_exceptions
            ):
                return True
    return False


def has_role_noun(text: str) -> bool:
    """True when some word of ``text`` is a role noun."""
    return any(is_role_noun(w) for w in _words(text))


def _title_case_capitals(title: str) -> str:
    v = vocab()
    out = []
    for word in title.split(" "):
        bare = word.strip("()")
        if bare in v.acronym_spellings:
            out.append(word.replace(bare, v.acronym_spellings[bare]))
        elif bare in v.acronyms or (bare.isalpha() and not re.search(r"[AEIOUY]", bare)):
            out.append(word)
        else:
            out.append("-".join(p[:1] + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def _drop_unclosed_paren(text: str) -> str:
    depth_positions: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            depth_positions.append(i)
        elif ch == ")" and depth_positions:
            depth_positions.pop()
    return text[: depth_positions[0]] if depth_positions else text


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+\)", ")", text)
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"(^|\s)\.\s+NET\b", r"\1.NET", text)
    text = re.sub(r"\s+", " ", text)
    previous = None
    while previous != text:
        previous = text
        text = text.strip(" -–—|:,;/*").rstrip(" .")
    return text


def clean_title(raw: str) -> str | None:
    """A title line without gender tags, placeholders, "at <org>" and posting noise."""
    text = " ".join(raw.split())
    junk = _JUNK_TAIL.search(text)
    if junk:
        text = text[: junk.start()]
    text = vocab().gender_tags.sub(" ", text)
    at_org = _AT_ORG.search(text)
    if at_org and has_role_noun(text[: at_org.start()]):
        text = text[: at_org.start()]
    text = _PLACEHOLDER_PAREN.sub(" ", text)
    text = re.sub(r"^(?:\s*<[A-Z][A-Z_]+>)+", "", text)
    first = PLACEHOLDER.search(text)
    if first and has_role_noun(text[: first.start()]):
        text = text[: first.start()]
    text = _tidy(PLACEHOLDER.sub(" ", _drop_unclosed_paren(text)))
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 3:
        text = _title_case_capitals(text)
    return text or None


def _segments(title: str) -> list[str]:
    return [s.strip() for s in _SEGMENT_SPLIT.split(title) if s and s.strip()]


def _from_first_role_segment(title: str) -> str | None:
    segments = _segments(title)
    for i, segment in enumerate(segments):
        if has_role_noun(segment):
            return title[title.index(segment) :] if i else title
    return None


def looks_like_title(title: str) -> bool:
    """Short, with a role noun in its first part, and not a sentence."""
    segments = _segments(title)
    if not segments or len(_words(title)) > 14:
        return False
    first = segments[0]
    words = [w.lower() for w in _words(first)]
    return (
        has_role_noun(first)
        and 0 < len(words) <= 8
        and not any(w in _SENTENCE_WORDS for w in words)
        and not title.endswith("?")
    )


def first_line_title(line: str) -> str | None:
    """The title when the JD's first line is one ("Front End Developer - React Nodejs TypeScript")."""
    if len(line) > 2000:
        line = line[:2000]
    if is_exact_heading(line) or re.match(r"(?i)(?:the|a|an)\s", line):
        return None
    cleaned = clean_title(line)
    if not cleaned:
        return None
    title = _from_first_role_segment(cleaned)
    return title if title and looks_like_title(title) else None


def labelled_title(label: str, value: str) -> str | None:
    """The title from a labelled field when the label names one ("Job Title: Data Engineer")."""
    if normalize_phrase(label) not in vocab().title_labels:
        return None
    title = clean_title(value)
    return title if title and has_role_noun(title) and len(_words(title)) <= 12 else None


# --- a title written in a sentence ------------------------------------------------------------
_TOKEN = re.compile(r"<[A-Z][A-Z_]+>|[^\W_][\w+#.'’/&]*(?:-[\w+#.'’/&]+)*|[^\w\s]")


def _title_word(token: str) -> bool:
    v = vocab()
    lowered = token.lower()
    if not re.match(r"[^\W_]", token) or lowered in _ARTICLES or lowered in {"and", "or", "&", "of"}:
        return False
    if re.fullmatch(r"[\d.,/+-]+", token):
        return False
    if lowered in v.title_adjectives:
        return False
    if token.islower() and lowered.endswith("ed") and lowered not in v.title_ed_words:
        return False
    return True


def _capitalise(tokens: list[str]) -> str:
    out = []
    for token in tokens:
        if token.islower():
            token = "-".join(p[:1].upper() + p[1:] for p in token.split("-"))
            token = "/".join(p[:1].upper() + p[1:] for p in token.split("/"))
        out.append(token)
    return " ".join(out)


def _phrase_after(sentence: str, pos: int, *, capitalised: bool) -> str | None:
    window: list[str] = []
    for match in _TOKEN.finditer(sentence, pos):
        token = match.group()
        if token.startswith("<") or token in ".?!;:()" or token.lower() in _STOP_TOKENS or len(window) > 14:
            break
        window.append(token)
    last = max((i for i, t in enumerate(window) if is_role_noun(t)), default=None)
    if last is None:
        return None
    start = last
    while start > 0 and _title_word(window[start - 1]) and last - start < 5:
        start -= 1
    phrase = window[start : last + 1]
    lower_case = all(t.islower() for t in phrase)
    if lower_case and (capitalised or len(phrase) == 1 or _singular(phrase[-1]) != phrase[-1]):
        return None  # "engineers", "a developer", "as a world leader": not a title
    return _tidy(_capitalise(phrase)) or None


def title_from_sentence(sentence: str) -> str | None:
    """A title introduced by "We are looking for a ...", "Are you a ...", "position as ..."."""
    v = vocab()
    cues = [(c.start(), c.end(), False) for c in v.title_cues.finditer(sentence[:600])]
    cues += [(c.start(), c.end(), True) for c in v.title_cues_capitalised.finditer(sentence[:600])]
    for _, end, capitalised in sorted(cues):
        phrase = _phrase_after(sentence, end, capitalised=capitalised)
        if phrase:
            return phrase
    return None


# --- variants -----------------------------------------------------------------------------------
def _is_seniority(word: str) -> bool:
    return word.lower().strip(".()") in vocab().seniority_words


def strip_seniority(title: str) -> str:
    """``"Senior Java Developer II"`` -> ``"Java Developer"``; a title that would lose its role noun
    ("Lead", "Intern") is kept."""
    tokens = title.split()
    start, end = 0, len(tokens)
    while start < end - 1 and _is_seniority(tokens[start]) and has_role_noun(" ".join(tokens[start + 1 : end])):
        start += 1
    while end - 1 > start and (
        re.fullmatch(r"(?:I{1,3}|IV|V|L[1-5]|[1-5])", tokens[end - 1])
        or (tokens[end - 1].lower() in {"level", "1", "2", "3"})
    ):
        if tokens[end - 1].isdigit() and end - 2 > start and tokens[end - 2].lower() == "level":
            end -= 2
        else:
            end -= 1
    return " ".join(tokens[start:end])


def _abbreviations(text: str) -> list[str]:
    """ "Site Reliability Engineer (SRE)" -> ["SRE"]; "Quality Assurance (QA) Engineer" -> ["QA Engineer"]."""
    found = []
    for match in re.finditer(r"\(([A-Z][A-Za-z]{1,5})\)", text):
        acronym = match.group(1)
        before = text[: match.start()].split()
        n = len(acronym)
        if len(before) >= n and "".join(w[0] for w in before[-n:]).upper() == acronym.upper():
            prefix = " ".join(before[:-n])
            rest = text[match.end() :]
            found.append(_tidy(f"{prefix} {acronym}{rest}"))
    return found


def _core(segment: str) -> str:
    """A segment cut after its last role noun, keeping "of X" ("Head of IT")."""
    text = re.sub(r"\([^()]*\)", " ", segment)
    qualifier = _QUALIFIER.search(text)
    if qualifier and has_role_noun(text[: qualifier.start()]):
        text = text[: qualifier.start()]
    tokens = text.split()
    last = max((i for i, t in enumerate(tokens) if is_role_noun(t)), default=None)
    if last is None:
        return _tidy(text)
    end = last + 1
    if end < len(tokens) and tokens[end].lower() == "of":
        end += 1
        while end < len(tokens) and end - last <= 4 and tokens[end][:1].isupper():
            end += 1
    return _tidy(" ".join(tokens[:end]))


def _alternatives(core: str) -> list[str]:
    """ "Frontend/Backend Developer" -> both; "Staff Specialist or Medical Consultant" -> both."""
    parts = [p for p in re.split(r"\s+(?:or|/)\s+", core) if p]
    if len(parts) > 1 and all(has_role_noun(p) for p in parts):
        return parts
    out = []
    for match in re.finditer(r"(?<![\w/])([\w+#.]+(?:/[\w+#.]+)+)(?![\w/])", core):
        for option in match.group(1).split("/"):
            if option:
                out.append(_tidy(core[: match.start()] + option + core[match.end() :]))
    return [o for o in out if has_role_noun(o)]


def _singular(title: str) -> str:
    words = title.split()
    last = words[-1] if words else ""
    if last.lower().endswith("s") and last.lower()[:-1] in vocab().role_nouns:
        return " ".join([*words[:-1], last[:-1]])
    return title


def title_core(title: str) -> str | None:
    """The role a title names, without seniority, qualifiers and tags:
    ``"Senior Fullstack Engineer ( m/f/d ) - OMS"`` -> ``"Fullstack Engineer"``; a bare generic word is
    not a role on its own, so ``"Principal Engineer"`` stays as it is."""
    cleaned = clean_title(title) or " ".join(title.split())
    segments = [s for s in _segments(cleaned) if has_role_noun(s)] or _segments(cleaned)[:1]
    if not segments:
        return None
    core = _core(segments[0])
    if re.search(r"\s(?:or|/)\s", core):
        return core or None
    stripped = _singular(strip_seniority(core))
    if stripped.casefold() in vocab().generic_role_words and stripped.casefold() != core.casefold():
        return core or None
    return stripped or None


def title_variants(title: str) -> list[str]:
    """Forms of a title for exact alias lookup, most specific first, without duplicates."""
    cleaned = clean_title(title) or " ".join(title.split())
    if not cleaned:
        return []
    candidates = [cleaned]
    segments = [s for s in _segments(cleaned) if has_role_noun(s)] or _segments(cleaned)[:1]
    for segment in segments:
        for form in (segment, *_abbreviations(segment)):
            core = _core(form)
            for option in (core, *_alternatives(core)):
                candidates.append(option)
                if not re.search(r"\s(?:or|/)\s", option):  # "X or Y" is split, not shortened
                    candidates += [strip_seniority(option), _singular(strip_seniority(option))]
    out: list[str] = []
    seen: set[str] = set()
    generic = vocab().generic_role_words
    for candidate in candidates:
        candidate = _tidy(candidate)
        key = candidate.casefold()
        if out and key in generic:
            continue  # "Principal Engineer" does not make "Engineer" an alias
        if candidate and key not in seen:
            seen.add(key)
            out.append(candidate)
    return out
