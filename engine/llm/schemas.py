"""The small typed JSON objects the model may answer with, and their strict JSON schemas.

The model never writes free-form structures: each task has one of these schemas, sent as a strict
``json_schema`` response format (or embedded in the system prompt for ``json_object`` servers), and every
answer is validated with the pydantic model before anything is taken from it.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from taxo.engine.parse.vocabulary import vocab

NO_CHOICE = "no_choice"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExperienceOut(_Out):
    min_years: float | None = Field(description="minimum years asked for, or null")
    max_years: float | None = Field(description="maximum years, or null")
    quote: str = Field(max_length=400, description="the JD's words that state it, copied exactly")


class LocationOut(_Out):
    city: str | None = Field(max_length=80)
    state: str | None = Field(max_length=80)
    country: str | None = Field(max_length=80)
    work_mode: Literal["onsite", "remote", "hybrid"] | None
    quote: str = Field(max_length=300, description="the JD's words that state it, copied exactly")


class SkillsOut(_Out):
    skills: list[str] = Field(description="extra skills, each copied exactly as written in the JD")


class SummaryOut(_Out):
    summary: str = Field(max_length=400, description="one plain sentence")


@cache
def education_out() -> type[_Out]:
    levels = tuple(name for name, _ in vocab().education_levels)
    fields: dict[str, Any] = {  # built at run time from the vocabulary: the types are values here
        "level": (Literal[levels] | None, Field(description="the degree level, one of the listed values, or null")),
        "field": (str | None, Field(max_length=120, description="field of study, or null")),
        "requirement": (Literal["required", "preferred"], ...),
        "quote": (str, Field(max_length=400, description="the JD's words that state it, copied exactly")),
    }
    return create_model("EducationOut", __base__=_Out, **fields)


@cache
def parse_out() -> type[_Out]:
    """The parse answer: one slot per field the heuristics may leave empty."""
    domains = tuple(name for name, _ in vocab().domains)
    fields: dict[str, Any] = {
        "title": (str | None, Field(max_length=150, description="the job title as written in the JD, or null")),
        "company": (str | None, Field(max_length=120, description="the hiring company's name as written, or null")),
        "domain": (Literal[domains] | None, Field(description="the employer's business domain, or null")),
        "domain_evidence": (list[str], Field(description="JD words that show the domain, copied exactly")),
        "experience": (ExperienceOut | None, ...),
        "education": (list[education_out()], ...),  # type: ignore[misc]  # a model made at run time
        "locations": (list[LocationOut], ...),
    }
    return create_model("ParseOut", __base__=_Out, **fields)


def tie_break_out(slugs: tuple[str, ...]) -> type[_Out]:
    """The tie-break answer: one of the given slugs or ``no_choice`` (anything else fails validation)."""
    fields: dict[str, Any] = {
        "choice": (Literal[(*slugs, NO_CHOICE)], Field(description="one candidate slug, or no_choice")),
        "rationale": (str, Field(max_length=300, description="one short sentence")),
    }
    return create_model("TieBreakOut", __base__=_Out, **fields)


_DROP = {
    "title",
    "default",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "pattern",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "format",
}


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the strict structured-output subset: refs inlined, every property
    required (optional ones are nullable), no additional properties, no constraint keywords (the pydantic
    model enforces those on the answer)."""
    raw = model.model_json_schema()
    defs = raw.pop("$defs", {})

    def fix(node: Any) -> Any:
        if isinstance(node, list):
            return [fix(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[-1]])
            extra = {k: v for k, v in node.items() if k != "$ref"}
            return fix({**target, **extra})
        out = {
            k: ({name: fix(sub) for name, sub in v.items()} if k == "properties" else fix(v))
            for k, v in node.items()
            if k not in _DROP
        }
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out["properties"])
        return out

    return fix(raw)  # type: ignore[no-any-return]
