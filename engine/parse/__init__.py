"""JD parser: raw job-description text -> ``ParsedJD`` (offline, deterministic, never raises on a str).

Example::

    jd = parse_jd(open("php-games.txt").read())
    jd.title                # "Software Engineer" (from "We are looking for an experienced software engineer ...")
    jd.locations[0].city    # "Gurgaon"
    [s.heading for s in jd.responsibilities]   # ["Responsibilities"]

Modules: ``clean`` (HTML, bullets, whitespace), ``gate`` and ``language`` (rejections), ``sentences`` and
``bullets`` (splitting), ``headings`` and ``sections`` (blocks and their kinds), ``title``, ``company``,
``experience``, ``education``, ``locations``, ``salary``, ``mentions`` (URLs, certifications,
technology lists), ``domain``; word lists in ``vocabulary.yaml``.
"""

from taxo.engine.parse.parser import parse_jd
from taxo.engine.parse.sentences import split_sentences
from taxo.engine.parse.title import title_variants

__all__ = ["parse_jd", "split_sentences", "title_variants"]
