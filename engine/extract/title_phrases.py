"""A skill named as part of a job title or a team name ("Java Developer", "the Data Science team") is
not a skill the JD asks for: the title feeds the alias signal instead.
"""

from __future__ import annotations

from taxo.engine.extract.matcher import Hit
from taxo.engine.extract.tokens import Token

#: Words that, right after a skill, make it part of a role or organisation name.
ROLE_NOUNS = frozenset(
    """
developer developers engineer engineers architect architects administrator administrators admin admins
consultant consultants specialist specialists analyst analysts lead leads manager managers tester testers
programmer programmers designer designers scientist scientists practitioner practitioners evangelist evangelists
team teams community communities department departments
hub hubs guild guilds squad squads
""".split()
)


def in_title_phrase(hit: Hit, tokens: list[Token]) -> bool:
    """True when the token after the hit is a role or team noun.

    >>> # "an experienced Java Developer" → True; "Java developers' tools" → True; "Java and Go" → False
    """
    nxt = hit.last_token + 1
    return nxt < len(tokens) and tokens[nxt].norm in ROLE_NOUNS
