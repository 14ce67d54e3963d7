"""Taxonomy reads for browsing (roles, skills, dimensions) and link provenance ("why is this here?").

Functions return plain dicts shaped for the API's response models; ``None`` means "no such id".
Search queries are normalised here with ``taxo.core.text`` so both stores compare the same keys.
"""

from __future__ import annotations

from typing import Any

from taxo.core.text import loose, norm
from taxo.graph import queries as q
from taxo.graph.queries import browse as qb
from taxo.graph.store import GraphStore

#: Match types of ``search_skills``, best first (the query's ``rank``).
SKILL_MATCH_TYPES = ("exact", "alias", "casefold", "prefix", "substring")


def _query(text: str | None) -> str | None:
    """A search string as a normalised key, or None for "no filter"."""
    key = norm(text) if text else ""
    return key or None


def _page(
    store: GraphStore, count: str, rows: str, params: dict[str, Any], skip: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    total = int(store.read(count, params)[0]["n"])
    if total == 0 or skip >= total:
        return total, []
    return total, store.read(rows, {**params, "skip": int(skip), "limit": int(limit)})


# -- roles -------------------------------------------------------------------------------------------
def search_roles(
    store: GraphStore, text: str | None, skip: int = 0, limit: int = 50
) -> tuple[int, list[dict[str, Any]]]:
    """Roles whose name, slug or an alias contains ``text`` (case-insensitive); exact alias hits first."""
    total, rows = _page(store, qb.COUNT_ROLES, qb.SEARCH_ROLES, {"q": _query(text)}, skip, limit)
    match = {0: "exact", 1: "prefix", 2: "substring"}
    return total, [{**r, "match": match.get(r.pop("rank"))} for r in rows]


def get_role(store: GraphStore, slug: str, skills_skip: int = 0, skills_limit: int = 100) -> dict[str, Any] | None:
    """One role with aliases, KRAs, dimensions, hierarchy, crosswalk codes and a page of its skills."""
    rows = store.read(qb.GET_ROLE, {"id": slug})
    if not rows:
        return None
    role = rows[0]
    role["aliases"] = sorted(role["aliases"], key=lambda a: (a["text"] or "").casefold())
    role["kras"] = sorted(role["kras"], key=lambda k: k["id"])
    role["dimensions"] = sorted(role["dimensions"], key=lambda d: d["slug"])
    role["children"] = sorted(role["children"], key=lambda c: c["slug"])
    parents = role.pop("parents")
    role["parent_role"] = parents[0] if parents else None
    role["onet_soc"] = list(role["onet_soc"] or [])
    role["esco"] = list(role["esco"] or [])
    total, skills = _page(store, qb.COUNT_ROLE_SKILLS, qb.ROLE_SKILLS, {"id": slug}, skills_skip, skills_limit)
    role["skills_total"] = total
    role["skills"] = [{**s, "via": sorted(s["via"])} for s in skills]
    return role


# -- skills ------------------------------------------------------------------------------------------
def search_skills(
    store: GraphStore, text: str | None, skip: int = 0, limit: int = 50
) -> tuple[int, list[dict[str, Any]]]:
    """Skills by name or alias with the best match type of each (see ``SKILL_MATCH_TYPES``)."""
    stripped = text.strip() if text else ""
    params = {"q": stripped or None, "norm": norm(stripped) or None, "loose": loose(stripped) or None}
    if params["norm"] is None:
        params = {"q": None, "norm": None, "loose": None}
    total, rows = _page(store, qb.COUNT_SKILLS, qb.SEARCH_SKILLS, params, skip, limit)
    out = []
    for r in rows:
        rank = r.pop("rank")
        out.append({**r, "match": SKILL_MATCH_TYPES[int(rank)] if rank is not None else None})
    return total, out


def get_skill(store: GraphStore, slug: str) -> dict[str, Any] | None:
    """One skill with metadata, aliases, dimensions and the roles it reaches through them."""
    rows = store.read(qb.GET_SKILL, {"id": slug})
    if not rows:
        return None
    skill = rows[0]
    skill["context"] = list(skill["context"] or [])
    skill["aliases"] = sorted(skill["aliases"], key=lambda a: (not a["canonical"], (a["text"] or "").casefold()))
    skill["dimensions"] = sorted(skill["dimensions"], key=lambda d: d["slug"])
    roles: dict[str, dict[str, Any]] = {}
    for r in skill["roles"]:
        entry = roles.setdefault(r["slug"], {"slug": r["slug"], "name": r["name"], "via": []})
        if r["via"] not in entry["via"]:
            entry["via"].append(r["via"])
    skill["roles"] = [{**r, "via": sorted(r["via"])} for _, r in sorted(roles.items())]
    return skill


# -- dimensions --------------------------------------------------------------------------------------
def list_dimensions(
    store: GraphStore, text: str | None, skip: int = 0, limit: int = 50
) -> tuple[int, list[dict[str, Any]]]:
    """Dimensions whose name or slug contains ``text``, with skill and role counts."""
    return _page(store, qb.COUNT_DIMENSIONS, qb.LIST_DIMENSIONS, {"q": _query(text)}, skip, limit)


def get_dimension(store: GraphStore, slug: str, skills_skip: int = 0, skills_limit: int = 100) -> dict[str, Any] | None:
    """One dimension with the roles it sits under and a page of its skills."""
    rows = store.read(qb.GET_DIMENSION, {"id": slug})
    if not rows:
        return None
    dim = rows[0]
    dim["roles"] = sorted(dim["roles"], key=lambda r: r["slug"])
    dim["skills"] = store.read(qb.DIMENSION_SKILLS, {"id": slug, "skip": int(skills_skip), "limit": int(skills_limit)})
    return dim


# -- provenance --------------------------------------------------------------------------------------
def _decisions(store: GraphStore, keys: list[str]) -> list[dict[str, Any]]:
    keys = sorted(set(keys))
    return store.read(qb.REVIEW_DECISIONS, {"ids": keys}) if keys else []


def _why(
    store: GraphStore, why: str, runs_q: str, keys_q: str, params: dict[str, str], runs: int
) -> dict[str, Any] | None:
    """A link's provenance row, the runs that touched it and the curator decisions about it (None: no link)."""
    rows = store.read(why, params)
    if not rows:
        return None
    out = dict(rows[0])
    out["runs"] = store.read(runs_q, {**params, "limit": runs})
    keys = store.read(keys_q, params)
    out["decisions"] = _decisions(store, keys[0]["keys"] if keys else [])
    return out


def why_skill_dimension(store: GraphStore, skill: str, dimension: str, runs: int = 20) -> dict[str, Any] | None:
    """Why skill ``skill`` sits in dimension ``dimension``: seed source, runs, rules, evidence, curators."""
    return _why(
        store,
        q.WHY_SKILL_DIMENSION,
        qb.RUNS_TOUCHING_SKILL_DIMENSION,
        qb.REVIEW_KEYS_SKILL_DIMENSION,
        {"skill": skill, "dimension": dimension},
        runs,
    )


def why_role_dimension(store: GraphStore, role: str, dimension: str, runs: int = 20) -> dict[str, Any] | None:
    """Why dimension ``dimension`` sits under role ``role``."""
    return _why(
        store,
        q.WHY_ROLE_DIMENSION,
        qb.RUNS_TOUCHING_ROLE_DIMENSION,
        qb.REVIEW_KEYS_ROLE_DIMENSION,
        {"role": role, "dimension": dimension},
        runs,
    )


def why_skill_alias(store: GraphStore, skill: str, alias: str) -> dict[str, Any] | None:
    """Why ``alias`` (any spelling: it is normalised) is a surface form of skill ``skill``."""
    key = norm(alias)
    if not key:
        return None
    rows = store.read(q.WHY_SKILL_ALIAS, {"skill": skill, "norm": key})
    if not rows:
        return None
    out = dict(rows[0])
    extra = store.read(qb.REVIEW_KEYS_SKILL_ALIAS, {"skill": skill, "norm": key})
    out["decisions"] = _decisions(store, extra[0]["keys"] if extra else [])
    if extra:
        out["alias_id"] = extra[0]["alias_id"]
        out["seed_source"] = extra[0]["link_seed_source"] or extra[0]["seed_source"]
    return out


def analyst_query(store: GraphStore, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """An analyst's own Cypher (``taxo query``), run read-only: the store refuses writes."""
    return store.read(cypher, params)
