"""Quality of the shipped role catalog (``seeds/roles/``, ``seeds/role-alias-ambiguity.yaml``).

The catalog is what every role decision rests on, so these tests pin the contract of the required roles
(``seeds/curated/required-roles.tsv``, a copy of the spec), the per-role minimums, alias hygiene, KRA
distinctness and the reproducibility of the generated files from ``seeds/curated/``.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from taxo.core.errors import SeedError
from taxo.core.text import loose, norm
from taxo.graph.seeds.models import AmbiguousRoleAlias, RoleSeed
from taxo.graph.seeds.reader import SeedBundle
from taxo.seeds.build import common
from taxo.seeds.build.roles import SourceData, _check_ambiguity, build, resolve_role
from tests.conftest import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
SPEC = SEEDS / "curated" / "required-roles.tsv"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SENIORITY = re.compile(
    r"\b(senior|snr|sr|junior|jnr|jr|lead|principal|staff|head|chief|intern|trainee|graduate|entry[- ]level|"
    r"mid[- ]level|apprentice|i{1,3}|iv)\b\.?",
    re.IGNORECASE,
)
GENERIC_SOFTWARE_CODE = "15-1252.00"  # O*NET Software Developers, shared by most developer roles
ESCO_URI = re.compile(r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")
STOPWORDS = frozenset(
    "the and or for with to of in a an as such that from by on at into their its is are be using use this these "
    "them through so they it".split()
)


def _spec() -> list[dict[str, str]]:
    with SPEC.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


REQUIRED = _spec()
REQUIRED_SLUGS = [row["slug"] for row in REQUIRED]


@pytest.fixture(scope="module")
def roles(seed_bundle: SeedBundle) -> dict[str, RoleSeed]:
    return {r.slug: r for r in seed_bundle.roles}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


# ------------------------------------------------------------------------------------------ required roles


def test_spec_copy_lists_the_required_roles() -> None:
    assert len(REQUIRED) == 58
    assert len(set(REQUIRED_SLUGS)) == len(REQUIRED_SLUGS)
    assert all(row["display_name"] and row["family"] for row in REQUIRED)


@pytest.mark.parametrize("row", REQUIRED, ids=REQUIRED_SLUGS)
def test_required_role_present_with_exact_name_and_family(row: dict[str, str], roles: dict[str, RoleSeed]) -> None:
    role = roles.get(row["slug"])
    assert role is not None, f"required role '{row['slug']}' is missing from seeds/roles/"
    assert role.name == row["display_name"]
    assert role.family == row["family"]


def test_role_slugs_unique_and_well_formed(seed_bundle: SeedBundle) -> None:
    slugs = [r.slug for r in seed_bundle.roles]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(s) for s in slugs)
    files = sorted(p.stem for p in (SEEDS / "roles").glob("*.yaml"))
    assert files == sorted(slugs)


# ------------------------------------------------------------------------------------------ per-role minimums


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_role_minimums(slug: str, roles: dict[str, RoleSeed]) -> None:
    role = roles[slug]
    assert len(role.aliases) >= 6, "at least 6 aliases"
    assert len(role.kras) >= 8, "at least 8 KRAs"
    assert len(role.dimensions) >= 4, "at least 4 dimensions"
    assert len(role.onet_soc) >= 1, "at least one O*NET-SOC code"
    assert len(role.esco) >= 1, "at least one ESCO occupation"


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_description_is_two_or_three_sentences(slug: str, roles: dict[str, RoleSeed]) -> None:
    desc = roles[slug].description
    assert desc.endswith("."), desc
    assert 2 <= len(_sentences(desc)) <= 3, desc


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_codes_and_uris_unique_and_well_formed(slug: str, roles: dict[str, RoleSeed]) -> None:
    role = roles[slug]
    assert len(set(role.onet_soc)) == len(role.onet_soc)
    assert len(set(role.esco)) == len(role.esco)
    assert all(ESCO_URI.match(u) for u in role.esco)
    assert len(set(role.dimensions)) == len(role.dimensions)


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_kras_are_single_responsibility_statements(slug: str, roles: dict[str, RoleSeed]) -> None:
    for kra in roles[slug].kras:
        words = len(kra.text.split())
        assert 8 <= words <= 30, f"{words} words: {kra.text}"
        assert kra.text[0].isupper() and kra.text.endswith("."), kra.text
        if kra.source.startswith("onet:"):
            assert kra.ref is not None and kra.ref.isdigit(), f"O*NET KRA without a Task ID: {kra.text}"
        else:
            assert kra.source == "curated" and kra.ref is None, kra


# ------------------------------------------------------------------------------------------ dimensions, parents


def test_every_dimension_sits_under_a_role(seed_bundle: SeedBundle) -> None:
    used = {d for r in seed_bundle.roles for d in r.dimensions}
    orphans = sorted({d.slug for d in seed_bundle.dimensions} - used)
    assert not orphans, f"dimensions without a role: {orphans}"


def test_parents_exist_and_form_no_cycle(seed_bundle: SeedBundle) -> None:
    parent = {r.slug: r.parent for r in seed_bundle.roles}
    for slug in parent:
        seen = {slug}
        p = parent[slug]
        while p is not None:
            assert p in parent, f"{slug}: unknown parent '{p}'"
            assert p not in seen, f"{slug}: parent cycle through '{p}'"
            seen.add(p)
            p = parent[p]


def test_specialised_roles_share_a_dimension_with_their_parent(roles: dict[str, RoleSeed]) -> None:
    """A child role specialises its parent, so the two must have competencies in common."""
    for role in roles.values():
        if role.parent is not None:
            shared = set(role.dimensions) & set(roles[role.parent].dimensions)
            assert shared, f"{role.slug} shares no dimension with its parent {role.parent}"


# ------------------------------------------------------------------------------------------ aliases


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_aliases_unique_within_role_and_seniority_free(slug: str, roles: dict[str, RoleSeed]) -> None:
    role = roles[slug]
    keys = [norm(a.text) for a in role.aliases]
    assert len(keys) == len(set(keys)), "duplicate alias within the role"
    assert norm(role.name) not in keys, "an alias repeats the role name"
    for text in [role.name, *(a.text for a in role.aliases)]:
        assert not SENIORITY.search(text), f"seniority word in '{text}'"


def test_shared_aliases_are_declared(seed_bundle: SeedBundle) -> None:
    declared = seed_bundle.declared_ambiguous()
    undeclared = {
        text: sorted(slugs)
        for text, slugs in seed_bundle.role_alias_roles().items()
        if len(slugs) > 1 and declared.get(text) != slugs
    }
    assert not undeclared, f"aliases shared by several roles without a matching declaration: {undeclared}"


def test_declared_ambiguities_are_real_and_explained(seed_bundle: SeedBundle) -> None:
    carried = seed_bundle.role_alias_roles()
    texts = [norm(a.text) for a in seed_bundle.ambiguous_role_aliases]
    assert len(texts) == len(set(texts)), "an ambiguous alias is declared twice"
    for a in seed_bundle.ambiguous_role_aliases:
        assert carried.get(norm(a.text)) == set(a.roles), f"'{a.text}' is not carried by exactly {a.roles}"
        assert len(a.reason.split()) >= 5, f"'{a.text}' needs a real reason"


def test_format_variants_do_not_collide_across_roles(seed_bundle: SeedBundle) -> None:
    """Aliases that differ only in spacing or punctuation ("Front-End" / "Frontend") must not split across roles."""
    by_loose: dict[str, set[str]] = defaultdict(set)
    for r in seed_bundle.roles:
        for text in [r.name, *(a.text for a in r.aliases)]:
            by_loose[loose(text)].add(r.slug)
    declared = {loose(a.text): set(a.roles) for a in seed_bundle.ambiguous_role_aliases}
    clashes = {k: sorted(v) for k, v in by_loose.items() if len(v) > 1 and declared.get(k) != v}
    assert not clashes, clashes


def test_ambiguity_list_stays_short(seed_bundle: SeedBundle) -> None:
    total = sum(len(r.aliases) for r in seed_bundle.roles)
    assert len(seed_bundle.ambiguous_role_aliases) <= max(10, total // 25)


# ------------------------------------------------------------------------------------------ KRA distinctness


def test_kra_texts_unique_within_and_across_roles(seed_bundle: SeedBundle) -> None:
    owner: dict[str, str] = {}
    for r in seed_bundle.roles:
        for k in r.kras:
            key = norm(k.text)
            assert key not in owner, f"KRA of {r.slug} repeats one of {owner.get(key)}: {k.text}"
            owner[key] = r.slug


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9+#./-]+", text.lower()) if len(w) > 2 and w not in STOPWORDS)


def test_kras_of_different_roles_are_not_near_copies(seed_bundle: SeedBundle) -> None:
    """Role decisions compare JD sentences with KRAs; two roles with near-identical KRAs cannot be told apart."""
    items = [(r.slug, k.text, _content_words(k.text)) for r in seed_bundle.roles for k in r.kras]
    close = []
    for (s1, t1, w1), (s2, t2, w2) in itertools.combinations(items, 2):
        if s1 != s2 and len(w1 & w2) / len(w1 | w2) >= 0.6:
            close.append((s1, t1, s2, t2))
    assert not close, close[:5]


def test_roles_on_generic_software_code_have_curated_kras(seed_bundle: SeedBundle) -> None:
    """O*NET's 15-1252.00 tasks fit every software role alike; roles on that code must be described by curated KRAs."""
    for r in seed_bundle.roles:
        if GENERIC_SOFTWARE_CODE in r.onet_soc:
            curated = sum(1 for k in r.kras if k.source == "curated")
            assert curated >= 0.75 * len(r.kras), f"{r.slug}: only {curated} of {len(r.kras)} KRAs are curated"


# ------------------------------------------------------------------------------------------ reproducibility


def test_build_reproduces_committed_role_files(tmp_path: Path) -> None:
    data = common.default_data_dir()
    if not (data / "onet").is_dir():
        pytest.skip(f"source data not available at {data} (O*NET/ESCO are not shipped with the repository)")
    from taxo.seeds.build.__main__ import GENERATED  # the header the committed files were written with

    build(data, tmp_path, GENERATED)
    built = sorted(p.name for p in (tmp_path / "roles").glob("*.yaml"))
    committed = sorted(p.name for p in (SEEDS / "roles").glob("*.yaml"))
    assert built == committed
    for name in built:
        assert (tmp_path / "roles" / name).read_bytes() == (SEEDS / "roles" / name).read_bytes(), name
    amb = "role-alias-ambiguity.yaml"
    assert (tmp_path / amb).read_bytes() == (SEEDS / amb).read_bytes()


# ------------------------------------------------------------------------------------------ build rules (no data)


DEV_URI = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"
TESTER_URI = "http://data.europa.eu/esco/occupation/106f79e4-6264-45f1-9e7a-297435cd684b"


def _source() -> SourceData:
    """A tiny stand-in for O*NET/ESCO, enough to exercise the build rules."""
    return SourceData(
        occupations={"15-1252.00": "Software Developers", "15-1253.00": "Software Quality Assurance Analysts"},
        tasks={
            "1": ("15-1252.00", "Modify existing software to correct errors and improve performance."),
            "2": ("15-1253.00", "Document software defects, using a bug tracking system."),
        },
        titles={"15-1252.00": frozenset({"java programmer", "qa engineer", "quality assurance engineer"})},
        esco_uri={"software developer": DEV_URI, "software tester": TESTER_URI},
        crosswalk={"15-1252.00": frozenset({DEV_URI})},
    )


def _curated(tmp_path: Path, **overrides: object) -> Path:
    """Write a minimal curated role file, with ``overrides`` applied."""
    role = {
        "slug": "java-dev",
        "name": "Java Dev",
        "family": "backend",
        "description": "Builds Java services. Runs them in production.",
        "onet_soc": ["15-1252.00"],
        "esco": ["software developer"],
        "aliases": ["Java Programmer", "Spring Developer"],
        "kras": [{"onet": 1}, "Develop backend services in Java with Spring Boot for business systems."],
        "dimensions": ["java-ecosystem"],
    }
    role.update(overrides)
    path = tmp_path / "java-dev.yaml"
    path.write_text(yaml.safe_dump(role, sort_keys=False), encoding="utf-8")
    return path


def test_build_resolves_onet_tasks_titles_and_esco(tmp_path: Path) -> None:
    role = resolve_role(_curated(tmp_path), _source())
    assert role["kras"][0] == {"text": _source().tasks["1"][1], "source": "onet:29.3", "ref": "1"}
    assert role["kras"][1]["source"] == "curated"
    assert role["aliases"] == [{"text": "Java Programmer", "source": "onet:29.3"}, "Spring Developer"]
    assert role["esco"] == [DEV_URI]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kras": [{"onet": 2}]}, "belongs to 15-1253.00"),
        ({"kras": [{"onet": 99}]}, "existing O*NET task"),
        ({"onet_soc": ["15-9999.00"]}, "not in Occupation Data"),
        ({"esco": ["software tester"]}, "not linked"),
        ({"esco": [], "esco_outside_crosswalk": {"software tester": ""}}, "needs a reason"),
        ({"aliases": ["Java Dev"]}, "repeats the name"),
        ({"colour": "blue"}, "unknown keys"),
    ],
)
def test_build_rejects_bad_curated_roles(tmp_path: Path, overrides: dict[str, object], message: str) -> None:
    with pytest.raises(SeedError, match=re.escape(message)):
        resolve_role(_curated(tmp_path, **overrides), _source())


def test_build_accepts_declared_esco_outside_crosswalk(tmp_path: Path) -> None:
    reason = {"software tester": "closest ESCO occupation, not in the crosswalk"}
    role = resolve_role(_curated(tmp_path, esco_outside_crosswalk=reason), _source())
    assert role["esco"] == [DEV_URI, TESTER_URI]


def test_build_rejects_stale_or_missing_ambiguity_declarations() -> None:
    roles = [{"slug": "a", "name": "A", "aliases": ["Dev"]}, {"slug": "b", "name": "B", "aliases": ["dev", "X"]}]
    declared = AmbiguousRoleAlias(text="Dev", roles=["a", "b"], reason="generic title used by both roles")
    _check_ambiguity(roles, [declared])
    with pytest.raises(SeedError, match="carried by"):
        _check_ambiguity(roles, [])
    stale = AmbiguousRoleAlias(text="X", roles=["a", "b"], reason="declared but only one role carries it")
    with pytest.raises(SeedError, match="declared for"):
        _check_ambiguity(roles, [declared, stale])
