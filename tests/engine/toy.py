"""A toy taxonomy built in code, for stage tests that need no store."""

from __future__ import annotations

import numpy as np

from taxo.engine.taxonomy import DimensionInfo, KraInfo, RoleInfo, SkillAlias, SkillInfo, Taxonomy


def skill(
    slug: str,
    name: str,
    dims: tuple[str, ...],
    *,
    needs_context: bool = False,
    context: tuple[str, ...] = (),
    nature: str = "TOOL",
    maturity: str = "MAINSTREAM",
    ai: bool = False,
) -> SkillInfo:
    return SkillInfo(
        slug, name, "Cat", "Sub", nature, "MEDIUM", "DECADE", maturity, ai, needs_context, context, dims, "curated"
    )


def toy_taxonomy() -> Taxonomy:
    skills = {
        s.id: s
        for s in [
            skill("go", "Go", ("go-ecosystem",), needs_context=True, context=("golang", "goroutines", "programming")),
            skill("java", "Java", ("java-ecosystem",), nature="LANGUAGE"),
            skill("apache-kafka", "Apache Kafka", ("messaging",)),
            skill("nodejs", "Node.js", ("nodejs-ecosystem",)),
            skill("multithreading", "Multithreading", ("concurrency",), nature="CONCEPT"),
            skill("cicd", "CI/CD", ("cicd",), nature="PRACTICE"),
            skill("dotnet", ".NET", ("dotnet-ecosystem",), nature="PLATFORM"),
            skill("asp-net-mvc", "ASP.NET MVC", ("dotnet-ecosystem",), nature="FRAMEWORK"),
            skill("cpp", "C++", ("systems",), nature="LANGUAGE"),
            skill("c", "C", ("systems",), needs_context=True, context=("embedded", "pointers")),
            skill("spring-boot", "Spring Boot", ("java-ecosystem",), nature="FRAMEWORK"),
            skill("isa", "ISA", ("systems",)),
        ]
    }
    aliases = [SkillAlias(s.id, s.name, s.needs_context, True) for s in skills.values()] + [
        SkillAlias("go", "Golang", False, False),
        SkillAlias("apache-kafka", "Kafka", False, False),
        SkillAlias("nodejs", "NodeJS", False, False),
        SkillAlias("cicd", "CI CD", False, False),
        SkillAlias("multithreading", "multi-threaded", False, False),
    ]
    roles = {
        "backend-engineer": RoleInfo(
            "backend-engineer",
            "Backend Developer",
            "backend",
            None,
            "",
            frozenset({"messaging", "concurrency", "cicd"}),
            children=("java-backend-developer",),
        ),
        "java-backend-developer": RoleInfo(
            "java-backend-developer",
            "Java Backend Developer",
            "backend",
            "backend-engineer",
            "",
            frozenset({"java-ecosystem", "messaging"}),
        ),
        "go-backend-developer": RoleInfo(
            "go-backend-developer",
            "Go Backend Developer",
            "backend",
            None,
            "",
            frozenset({"go-ecosystem", "messaging"}),
        ),
    }
    dims = {
        d: DimensionInfo(d, d.title(), "", frozenset(r.id for r in roles.values() if d in r.dimensions))
        for d in {d for s in skills.values() for d in s.dimensions}
    }
    kras = {"backend-engineer:k1": KraInfo("backend-engineer:k1", "backend-engineer", "Build APIs")}
    return Taxonomy(
        1,
        "toy",
        skills,
        sorted(aliases, key=lambda a: (a.skill, a.text)),
        roles,
        dims,
        kras,
        [
            ("backend-engineer", "Backend Developer", False),
            ("java-backend-developer", "Java Developer", False),
            ("backend-engineer", "Software Engineer", True),
            ("java-backend-developer", "Software Engineer", True),
        ],
        np.zeros((0, 0), dtype=np.float32),
        frozenset({"software", "platform"}),
    )
