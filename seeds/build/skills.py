"""Build ``seeds/skills/<group>.yaml``: the curated skill catalogue plus O*NET and ESCO technologies.

Inputs (all under ``seeds/curated/skills/``, see ``seeds/curated/SKILLS.md``):

- ``catalog/*.yaml``   hand-curated skills in sections with shared defaults (the core of the taxonomy);
- ``onet.yaml``        how O*NET 29.3 Technology Skills examples are selected, cleaned, merged or dropped;
- ``esco.yaml``        the same for the knowledge concepts of the ESCO 1.1.1 digital skills collection;
- ``groups.yaml``      categories -> output files, and the volatility/lifespan defaults;
- ``ambiguous.yaml``   ordinary words that are also skill names (such a name or alias needs context);
- ``context.yaml``     default confirming words per dimension, for ambiguous skills without their own.

Order of precedence: a curated skill owns its name and aliases; an O*NET example or ESCO concept whose
name or alias is already known merges into that skill (adding its flags, source and ref); anything else
becomes a new skill only if its source group says so. Output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxo.core.text import loose, norm, slugify
from taxo.seeds.build.common import CURATED, ESCO_SOURCE, ONET_SOURCE, SEEDS, dump_yaml, load_yaml, read_csv, read_tsv

CUR = CURATED / "skills"
MATURITIES = frozenset({"LEGACY", "MAINSTREAM", "MODERN", "CLOUD_NATIVE", "CUTTING_EDGE"})
AI_DIMENSIONS = frozenset(
    {
        "machine-learning",
        "deep-learning",
        "nlp-and-llms",
        "generative-ai-applications",
        "computer-vision",
        "mlops-and-model-deployment",
    }
)
_SKILL_KEYS = frozenset(
    {
        "slug",
        "name",
        "category",
        "subcategory",
        "nature",
        "volatility",
        "lifespan",
        "maturity",
        "ai",
        "needs_context",
        "context",
        "dimensions",
        "aliases",
        "ambiguous_aliases",
        "onet",
        "esco",
    }
)


class BuildError(ValueError):
    """A curated input is inconsistent; the message names the file and the entry."""


@dataclass
class Alias:
    """One surface form of a draft skill."""

    text: str
    needs_context: bool = False
    source: str = "curated"


@dataclass
class Draft:
    """A skill being assembled from the curated catalogue and the sources."""

    name: str
    category: str
    subcategory: str
    nature: str
    dimensions: list[str]
    origin: str  # "curated", "onet" or "esco": who created the entry (curated entries own their names)
    slug: str = ""
    maturity: str = "MAINSTREAM"
    volatility: str | None = None
    lifespan: str | None = None
    ai: bool = False
    hot: bool = False
    in_demand: bool = False
    needs_context: bool | None = None
    context: list[str] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    source: str = "curated"
    ref: str | None = None
    where: str = ""  # file and entry, for error messages

    def forms(self) -> list[str]:
        """The name and every alias text."""
        return [self.name, *(a.text for a in self.aliases)]


# --------------------------------------------------------------------------- configuration


@dataclass
class Config:
    """Everything curated that steers the build."""

    groups: dict[str, str]  # category -> output group
    volatility: dict[str, str]
    lifespan: dict[str, str]
    by_maturity: dict[str, dict[str, str]]
    ambiguous: frozenset[str]  # loose keys of ordinary words
    dimension_context: dict[str, list[str]]
    stoplist: frozenset[str]
    dimensions: frozenset[str]
    onet: dict[str, Any]
    esco: dict[str, Any]


def load_config() -> Config:
    """Read the curated steering files, the stop-list (``seeds/stoplist.yaml``) and the dimensions."""
    groups_raw = load_yaml(CUR / "groups.yaml")
    groups = {cat: group for group, cats in groups_raw["groups"].items() for cat in cats}
    defaults = groups_raw["defaults"]
    stop_raw = load_yaml(SEEDS / "stoplist.yaml") or {"words": []}
    dims_raw = load_yaml(CURATED / "dimensions.yaml")
    return Config(
        groups=groups,
        volatility=defaults["volatility"],
        lifespan=defaults["lifespan"],
        by_maturity=defaults["by_maturity"],
        ambiguous=frozenset(loose(w) for w in load_yaml(CUR / "ambiguous.yaml")["words"]),
        dimension_context=load_yaml(CUR / "context.yaml")["dimensions"],
        stoplist=frozenset(norm(str(w)) for w in stop_raw["words"]),
        dimensions=frozenset(d["slug"] for d in dims_raw),
        onet=load_yaml(CUR / "onet.yaml"),
        esco=load_yaml(CUR / "esco.yaml"),
    )


# --------------------------------------------------------------------------- curated catalogue


def _aliases(raw: Iterable[Any], ambiguous: Iterable[str], source: str = "curated") -> list[Alias]:
    """Alias entries from a list of strings or ``{text, needs_context}`` maps."""
    marked = {norm(a) for a in ambiguous}
    out = []
    for item in raw:
        if isinstance(item, dict):
            out.append(Alias(str(item["text"]), bool(item.get("needs_context", False)), source))
        else:
            text = str(item)
            out.append(Alias(text, norm(text) in marked, source))
    return out


def draft_from_entry(entry: dict[str, Any], defaults: dict[str, Any], where: str) -> Draft:
    """A curated catalogue entry merged over its section defaults."""
    unknown = set(entry) - _SKILL_KEYS
    if unknown:
        raise BuildError(f"{where}: unknown keys {sorted(unknown)}")
    merged = {**defaults, **entry}
    missing = [k for k in ("name", "category", "subcategory", "nature", "dimensions") if not merged.get(k)]
    if missing:
        raise BuildError(f"{where}: missing {missing}")
    return Draft(
        name=str(merged["name"]),
        slug=str(merged.get("slug") or ""),
        category=merged["category"],
        subcategory=merged["subcategory"],
        nature=merged["nature"],
        dimensions=list(merged["dimensions"]),
        origin="curated",
        maturity=merged.get("maturity", "MAINSTREAM"),
        volatility=merged.get("volatility"),
        lifespan=merged.get("lifespan"),
        ai=bool(merged.get("ai", False)),
        needs_context=merged.get("needs_context"),
        context=list(merged.get("context", [])),
        aliases=_aliases(entry.get("aliases", []), entry.get("ambiguous_aliases", [])),
        where=where,
    )


def load_catalog() -> tuple[list[Draft], dict[str, list[str]], dict[str, list[str]]]:
    """Curated drafts, plus the O*NET examples and ESCO labels they claim explicitly (slug -> names)."""
    drafts: list[Draft] = []
    onet_claims: dict[str, list[str]] = {}
    esco_claims: dict[str, list[str]] = {}
    for path in sorted((CUR / "catalog").glob("*.yaml")):
        for s_index, section in enumerate(load_yaml(path) or []):
            defaults = section.get("defaults") or {}
            defaults = {k: v for k, v in defaults.items() if k not in ("aliases", "name", "slug")}
            for index, entry in enumerate(section.get("skills") or []):
                entry = {"name": entry} if isinstance(entry, str) else entry
                where = f"{path.relative_to(CURATED.parent.parent)}: section {s_index + 1} entry {index + 1}"
                where += f" '{entry.get('name', '?')}'"
                draft = draft_from_entry(entry, defaults, where)
                draft.slug = draft.slug or slugify(draft.name)
                drafts.append(draft)
                onet_claims[draft.slug] = list(entry.get("onet", []))
                esco_claims[draft.slug] = list(entry.get("esco", []))
    return drafts, onet_claims, esco_claims


# --------------------------------------------------------------------------- alias index


class Index:
    """Loose key of every name and alias -> the draft that owns it."""

    def __init__(self) -> None:
        self.owner: dict[str, Draft] = {}
        self.by_slug: dict[str, Draft] = {}

    def add(self, draft: Draft) -> None:
        """Register a new draft; curated drafts may not collide with one another."""
        if draft.slug in self.by_slug:
            raise BuildError(f"{draft.where}: duplicate slug '{draft.slug}' (also {self.by_slug[draft.slug].where})")
        self.by_slug[draft.slug] = draft
        for text in draft.forms():
            self.claim(draft, text)

    def claim(self, draft: Draft, text: str) -> bool:
        """Give ``text`` to ``draft`` unless another draft owns it; curated clashes are errors."""
        key = loose(text)
        other = self.owner.get(key)
        if other is None:
            self.owner[key] = draft
            return True
        if other is draft:
            return True
        if draft.origin == "curated" and other.origin == "curated":
            raise BuildError(f"{draft.where}: '{text}' already belongs to '{other.name}' ({other.where})")
        return False

    def find(self, texts: Iterable[str]) -> Draft | None:
        """The first draft owning one of ``texts``."""
        for text in texts:
            hit = self.owner.get(loose(text))
            if hit is not None:
                return hit
        return None


def link_source(draft: Draft, source: str, ref: str | None) -> None:
    """Record the first external source of a draft (O*NET before ESCO)."""
    if draft.source == "curated" or (draft.source == ESCO_SOURCE and source == ONET_SOURCE):
        draft.source, draft.ref = source, ref


# --------------------------------------------------------------------------- O*NET


@dataclass
class OnetExample:
    """One O*NET Technology Skills example aggregated over occupations."""

    name: str
    hot: bool = False
    in_demand: bool = False
    it_rows: int = 0
    commodities: Counter[str] = field(default_factory=Counter)

    def commodity(self) -> str:
        """The commodity code used most often for this example (lowest code on ties)."""
        return sorted(self.commodities.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def read_onet(data: Path, it_prefixes: list[str]) -> dict[str, OnetExample]:
    """Aggregate Technology Skills rows per example."""
    out: dict[str, OnetExample] = {}
    for row in read_tsv(data / "onet" / "Technology Skills.txt"):
        ex = out.setdefault(row["Example"], OnetExample(row["Example"]))
        ex.hot |= row["Hot Technology"] == "Y"
        ex.in_demand |= row["In Demand"] == "Y"
        ex.commodities[row["Commodity Code"]] += 1
        if any(row["O*NET-SOC Code"].startswith(p) for p in it_prefixes):
            ex.it_rows += 1
    return out


_ACRONYM_TAIL = re.compile(r"^(?P<long>.+?)\s+(?P<acr>[A-Z][A-Za-z0-9/+-]*[A-Z0-9])$")
_SOFTWARE_TAIL = re.compile(r"\s+(software|systems? software|software suite)$", re.IGNORECASE)


def is_generic(name: str) -> bool:
    """True for category phrases such as "Backup and archival software" (no proper noun after word one)."""
    words = name.split()
    return len(words) > 1 and not any(any(c.isupper() or c.isdigit() for c in w) for w in words[1:])


def is_category(name: str) -> bool:
    """A category phrase rather than a product: generic words, or one word plus "software" ("Statistical software")."""
    base = _SOFTWARE_TAIL.sub("", name).strip()
    return is_generic(base) or (base != name and len(base.split()) == 1)


def split_acronym(name: str) -> tuple[str, str | None]:
    """``"Domain name system DNS"`` -> ``("Domain name system", "DNS")`` when the tail is its acronym."""
    m = _ACRONYM_TAIL.match(name)
    if not m:
        return name, None
    long, acr = m["long"], m["acr"]
    initials = "".join(w[0] for w in re.split(r"[\s/-]+", long) if w).upper()
    letters = re.sub(r"[^A-Z]", "", acr.upper())
    if len(letters) >= 2 and (initials.endswith(letters) or letters in initials or initials.startswith(letters[:2])):
        return long, acr
    return name, None


def clean_onet_name(name: str, vendors: list[str]) -> tuple[str, list[str]]:
    """Display name and extra aliases for an O*NET example not covered by the catalogue."""
    aliases: list[str] = []
    base = _SOFTWARE_TAIL.sub("", name).strip()
    long, acr = split_acronym(base)
    if acr and is_generic(long + " x"):
        # "Simple network management protocol SNMP" -> name SNMP, alias the spelled-out form
        return acr, [long[0].upper() + long[1:]]
    if acr:
        base = long
        aliases.append(f"{long} {acr}")
    for vendor in vendors:
        if base.startswith(vendor + " ") and len(base) > len(vendor) + 3:
            aliases.append(base)
            base = base[len(vendor) + 1 :]
            break
    if base != name and "software" not in name.lower():
        aliases.append(name)
    return base, [a for a in aliases if loose(a) != loose(base)]


def onet_keys(name: str, vendors: list[str], prefixes: list[str]) -> list[str]:
    """Texts under which an O*NET example may already be known to the catalogue.

    Besides the cleaned name, the name without a vendor prefix from ``prefixes`` is tried
    ("Oracle Java" -> "Java"), but only for matching: a new skill keeps its vendor.
    """
    clean, aliases = clean_onet_name(name, vendors)
    base = _SOFTWARE_TAIL.sub("", name).strip()
    long, acr = split_acronym(base)
    keys = [name, base, clean, *aliases, long]
    if acr and is_generic(long + " x"):
        keys.append(acr)
    for text in (base, long):
        for prefix in prefixes:
            if text.startswith(prefix + " "):
                keys.append(text[len(prefix) + 1 :])
    return [k for k in keys if k]


def add_onet(drafts: list[Draft], index: Index, cfg: Config, data: Path, claims: dict[str, list[str]]) -> None:
    """Merge O*NET examples into the catalogue and add the technologies it lacks."""
    conf = cfg.onet
    examples = read_onet(data, conf["it_occupations"])
    commodities = {str(k): v for k, v in conf["commodities"].items()}
    actions = {str(k): v for k, v in (conf.get("examples") or {}).items()}
    vendors = sorted(conf.get("strip_vendors", []), key=len, reverse=True)
    prefixes = sorted(conf.get("match_prefixes", []), key=len, reverse=True)
    claimed = {ex: slug for slug, names in claims.items() for ex in names}
    # examples that create a skill go first, so that other examples can merge into it by slug
    order = sorted(examples, key=lambda n: (not isinstance(actions.get(n), dict), n))
    for name in order:
        ex = examples[name]
        action = actions.get(name)
        if name in claimed:
            action = claimed[name]
        if action == "drop":
            continue
        if not (ex.hot or ex.in_demand or ex.it_rows) and action is None:
            continue
        code = ex.commodity()
        target = index.by_slug.get(action) if isinstance(action, str) else None
        if isinstance(action, str) and target is None:
            raise BuildError(f"onet.yaml: example '{name}' maps to unknown skill '{action}'")
        if target is None and not isinstance(action, dict):
            target = index.find(onet_keys(name, vendors, prefixes))
        if target is not None:
            _merge_onet(target, ex, code)
            continue
        comm = commodities.get(code, {})
        if action is None and (comm.get("mode") != "auto" or is_category(name)):
            continue
        draft = onet_draft(name, ex, code, comm, action or {}, vendors)
        if norm(draft.name) in cfg.stoplist:  # "Deployment software" -> "Deployment": a category, not a skill
            continue
        existing = index.find(draft.forms())
        if existing is not None:
            _merge_onet(existing, ex, code)
            continue
        index.add(draft)
        drafts.append(draft)


def _merge_onet(target: Draft, ex: OnetExample, code: str) -> None:
    """An O*NET example attests an existing skill: its flags, source and commodity code."""
    target.hot |= ex.hot
    target.in_demand |= ex.in_demand
    link_source(target, ONET_SOURCE, code)


def onet_draft(
    name: str, ex: OnetExample, code: str, comm: dict[str, Any], over: dict[str, Any], vendors: list[str]
) -> Draft:
    """A new skill from an O*NET example: commodity defaults, cleaned name, explicit overrides."""
    clean, aliases = clean_onet_name(name, vendors)
    spec = {k: v for k, v in comm.items() if k in _SKILL_KEYS}
    spec.update({k: v for k, v in over.items() if k in _SKILL_KEYS})
    if not spec.get("dimensions"):
        raise BuildError(f"onet.yaml: example '{name}' (commodity {code}) has no dimensions")
    display = str(over.get("name", clean))
    extra = [a for a in aliases if loose(a) != loose(display)]
    if display != clean and loose(clean) != loose(display):
        extra.append(clean)
    draft = Draft(
        name=display,
        slug=str(over.get("slug") or slugify(display)),
        category=spec["category"],
        subcategory=spec["subcategory"],
        nature=spec["nature"],
        dimensions=list(spec["dimensions"]),
        origin="onet",
        maturity=spec.get("maturity", "MAINSTREAM"),
        ai=bool(spec.get("ai", False)),
        hot=ex.hot,
        in_demand=ex.in_demand,
        needs_context=spec.get("needs_context"),
        context=list(spec.get("context", [])),
        aliases=[
            *_aliases(over.get("aliases", []), over.get("ambiguous_aliases", [])),
            *_aliases(extra, [], ONET_SOURCE),
        ],
        source=ONET_SOURCE,
        ref=code,
        where=f"onet.yaml: example '{name}'",
    )
    draft.aliases = [a for a in draft.aliases if loose(a.text) != loose(draft.name)]
    return draft


# --------------------------------------------------------------------------- ESCO


_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


def read_esco(data: Path) -> list[dict[str, str]]:
    """Knowledge concepts of the ESCO digital skills collection."""
    csv.field_size_limit(1 << 30)  # some ESCO cells are larger than the csv module's default limit
    rows = read_csv(data / "esco" / "digitalSkillsCollection_en.csv")
    return sorted((r for r in rows if r["skillType"] == "knowledge"), key=lambda r: r["preferredLabel"])


def esco_alt_labels(row: dict[str, str], name: str, drop: set[str]) -> list[str]:
    """ESCO alternative labels that are spellings of the concept (not versions, editions or noise)."""
    out = []
    base = loose(name)
    for alt in re.split(r"\n| \| ", row["altLabels"]):  # the collection files join labels with " | "
        alt = alt.strip()
        key = loose(alt)
        if not alt or norm(alt) in drop or key == base:
            continue
        if re.fullmatch(re.escape(base) + r"[0-9.x]*", key):  # "Xcode 6", "PHP7": the name already matches
            continue
        if re.search(r"\b(19|20)\d\d\b|\b\d+(\.\d+)+\b|\bedition\b", alt, re.IGNORECASE):
            continue
        out.append(alt)
    return out


def add_esco(drafts: list[Draft], index: Index, cfg: Config, data: Path, claims: dict[str, list[str]]) -> None:
    """Merge ESCO digital knowledge concepts into the catalogue and add the technologies it lacks."""
    conf = cfg.esco
    groups = conf["groups"]
    actions = conf.get("labels") or {}
    drop_alts = {norm(a) for a in conf.get("alias_drop", [])}
    claimed = {label: slug for slug, labels in claims.items() for label in labels}
    for row in read_esco(data):
        label = row["preferredLabel"]
        action = claimed.get(label, actions.get(label))
        if action == "drop":
            continue
        uri = row["conceptUri"]
        name = _PAREN.sub("", label).strip()
        target = index.by_slug.get(action) if isinstance(action, str) else None
        if isinstance(action, str) and target is None:
            raise BuildError(f"esco.yaml: label '{label}' maps to unknown skill '{action}'")
        if target is None and not isinstance(action, dict):
            target = index.find([label, name])
        if target is not None:
            link_source(target, ESCO_SOURCE, uri)
            continue
        broader = [b.strip() for b in row["broaderConceptPT"].split("|")]
        group = next((groups[b] for b in broader if b in groups), None)
        if action is None and (group is None or name[:1].islower()):
            continue
        draft = esco_draft(row, name, {**(group or {}), **(action if isinstance(action, dict) else {})}, drop_alts)
        existing = index.find(draft.forms())
        if existing is not None:
            link_source(existing, ESCO_SOURCE, uri)
            continue
        index.add(draft)
        drafts.append(draft)


def esco_draft(row: dict[str, str], name: str, spec: dict[str, Any], drop_alts: set[str]) -> Draft:
    """A new skill from an ESCO concept: group defaults and explicit fields, alternative labels as aliases."""
    label = row["preferredLabel"]
    if not spec.get("dimensions"):
        raise BuildError(f"esco.yaml: label '{label}' has no dimensions")
    display = str(spec.get("name", name))
    alts = esco_alt_labels(row, display, drop_alts)
    if loose(name) != loose(display):
        alts.append(name)
    return Draft(
        name=display,
        slug=str(spec.get("slug") or slugify(display)),
        category=spec["category"],
        subcategory=spec["subcategory"],
        nature=spec["nature"],
        dimensions=list(spec["dimensions"]),
        origin="esco",
        maturity=spec.get("maturity", "MAINSTREAM"),
        ai=bool(spec.get("ai", False)),
        needs_context=spec.get("needs_context"),
        context=list(spec.get("context", [])),
        aliases=[
            *_aliases(spec.get("aliases", []), spec.get("ambiguous_aliases", [])),
            *_aliases(alts, [], ESCO_SOURCE),
        ],
        source=ESCO_SOURCE,
        ref=row["conceptUri"],
        where=f"esco.yaml: label '{label}'",
    )


# --------------------------------------------------------------------------- finishing


def is_ambiguous(text: str, cfg: Config) -> bool:
    """An ordinary word, or a one- or two-letter token such as R, C or Go."""
    key = loose(text)
    return key in cfg.ambiguous or (len(key) <= 2 and key.isalpha())


def finish(draft: Draft, cfg: Config, index: Index) -> None:
    """Defaults, ambiguity flags, alias clean-up and checks for one draft."""
    if draft.category not in cfg.groups:
        raise BuildError(f"{draft.where}: category '{draft.category}' is not listed in groups.yaml")
    if draft.nature not in cfg.volatility or draft.maturity not in MATURITIES:
        raise BuildError(f"{draft.where}: unknown nature '{draft.nature}' or maturity '{draft.maturity}'")
    bad = [d for d in draft.dimensions if d not in cfg.dimensions]
    if bad:
        raise BuildError(f"{draft.where}: unknown dimensions {bad}")
    draft.dimensions = list(dict.fromkeys(draft.dimensions))
    by_maturity = cfg.by_maturity.get(draft.maturity, {})
    draft.volatility = draft.volatility or by_maturity.get("volatility") or cfg.volatility[draft.nature]
    draft.lifespan = draft.lifespan or by_maturity.get("lifespan") or cfg.lifespan[draft.nature]
    draft.ai = draft.ai or bool(AI_DIMENSIONS.intersection(draft.dimensions))
    if norm(draft.name) in cfg.stoplist:
        raise BuildError(f"{draft.where}: name '{draft.name}' is stop-listed")
    if draft.needs_context is None:
        draft.needs_context = is_ambiguous(draft.name, cfg)
    seen = {norm(draft.name)}  # spellings that differ only in format ("NodeJS", "Node.js") are kept
    aliases = []
    for a in draft.aliases:
        if norm(a.text) in seen or index.owner.get(loose(a.text)) not in (None, draft):
            continue
        if norm(a.text) in cfg.stoplist:
            if draft.origin == "curated" and a.source == "curated":
                raise BuildError(f"{draft.where}: alias '{a.text}' is stop-listed")
            continue
        seen.add(norm(a.text))
        aliases.append(Alias(a.text, a.needs_context or is_ambiguous(a.text, cfg), a.source))
    draft.aliases = sorted(aliases, key=lambda a: (a.text.casefold(), a.text))
    if draft.needs_context or any(a.needs_context for a in draft.aliases):
        if not draft.context:
            draft.context = [w for d in draft.dimensions for w in cfg.dimension_context.get(d, [])][:8]
        if not draft.context:
            raise BuildError(f"{draft.where}: ambiguous skill '{draft.name}' has no context words")
    draft.context = list(dict.fromkeys(draft.context))


def to_yaml(draft: Draft) -> dict[str, Any]:
    """The seed entry of a draft, keys in model order, defaults omitted where the model has them."""
    out: dict[str, Any] = {
        "slug": draft.slug,
        "name": draft.name,
        "category": draft.category,
        "subcategory": draft.subcategory,
        "nature": draft.nature,
        "volatility": draft.volatility,
        "lifespan": draft.lifespan,
        "maturity": draft.maturity,
    }
    for flag in ("ai", "hot", "in_demand", "needs_context"):
        if getattr(draft, flag):
            out[flag] = True
    if draft.context:
        out["context"] = draft.context
    out["dimensions"] = draft.dimensions
    if draft.aliases:
        out["aliases"] = [
            a.text if not a.needs_context and a.source == "curated" else _alias_map(a) for a in draft.aliases
        ]
    out["source"] = draft.source
    if draft.ref:
        out["ref"] = draft.ref
    return out


def _alias_map(a: Alias) -> dict[str, Any]:
    out: dict[str, Any] = {"text": a.text}
    if a.needs_context:
        out["needs_context"] = True
    if a.source != "curated":
        out["source"] = a.source
    return out


def assemble(data: Path) -> tuple[list[Draft], Config]:
    """All drafts, finished and checked, without writing anything."""
    cfg = load_config()
    drafts, onet_claims, esco_claims = load_catalog()
    index = Index()
    for d in drafts:
        index.add(d)
    add_onet(drafts, index, cfg, data, onet_claims)
    add_esco(drafts, index, cfg, data, esco_claims)
    for d in drafts:
        finish(d, cfg, index)
    return drafts, cfg


def build(data: Path, seeds: Path, header: str) -> None:
    """Write ``seeds/skills/<group>.yaml`` (one file per group, entries sorted by slug)."""
    drafts, cfg = assemble(data)
    grouped: dict[str, list[Draft]] = defaultdict(list)
    for d in drafts:
        grouped[cfg.groups[d.category]].append(d)
    out_dir = seeds / "skills"
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.yaml"):
        if stale.stem not in grouped:
            stale.unlink()
    for group, items in sorted(grouped.items()):
        items.sort(key=lambda d: d.slug)
        dump_yaml([to_yaml(d) for d in items], out_dir / f"{group}.yaml", header)
