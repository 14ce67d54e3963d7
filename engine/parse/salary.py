"""Pay as stated: amounts, currency and period.

Example: ``find_salary(["Salary: ₹12-18 LPA"])`` -> ``Salary(min_amount=1200000, max_amount=1800000,
currency="INR", period="year", raw="₹12-18 LPA")``; also "$120,000 - $150,000 per year" and "€60k–75k".
A single amount needs a currency and a period or a pay word ("salary", "compensation") nearby.
"""

from __future__ import annotations

import re

from taxo.engine.parse.model import Salary
from taxo.engine.parse.vocabulary import vocab

_CURRENCY = r"US\$|C\$|A\$|S\$|\$|€|£|₹|¥|Rs\.?|USD|EUR|GBP|INR|CAD|AUD|CHF|SEK|DKK|NOK|PLN|JPY|SGD|AED"
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:\.\d+)?"
_MULTIPLIER = r"(?:\s?(?:k|K|m|M|mn|L|lakhs?|lacs?|LPA|lpa|crores?|cr)\b)?"
_ONE = rf"(?:(?P<cN>{_CURRENCY})\s?)?(?P<aN>{_AMOUNT})(?P<mN>{_MULTIPLIER})"
_SALARY = re.compile(
    rf"(?<![\w.,])(?:c\.\s?)?{_ONE.replace('N>', '1>')}"  # "c.£75", "$120,000", "12"
    rf"(?:\s*(?:-|–|—|to)\s*{_ONE.replace('N>', '2>')})?"  # " - 85K", "–75k", "-18 LPA"
    rf"(?:\s?(?P<c3>{_CURRENCY})\b)?"  # "45.000 EUR"
)
_SCALE = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "l": 1e5,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "lpa": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
}


def _amount(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text.replace(",", ""))


def _scale(multiplier: str | None) -> float:
    return _SCALE.get((multiplier or "").strip().lower(), 1.0)


_PERIOD_BEFORE = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "annual": "year",
    "yearly": "year",
}


def _period(text: str, before: str, multipliers: str) -> str | None:
    if "lpa" in multipliers.lower():
        return "year"
    for period, pattern in vocab().salary_periods:
        if pattern.match(text.lstrip(" ,(")):
            return period
    for word in re.findall(r"[a-z]+", before.lower()):
        if word in _PERIOD_BEFORE:
            return _PERIOD_BEFORE[word]
    return None


def salary_in(line: str) -> Salary | None:
    """The first pay statement in a line, or None."""
    v = vocab()
    pay_words = bool(v.salary_cues.search(line))
    for match in _SALARY.finditer(line):
        currency_symbol = match.group("c1") or match.group("c2") or match.group("c3")
        m1, m2 = match.group("m1") or "", match.group("m2") or ""
        is_range = match.group("a2") is not None
        after = line[match.end() : match.end() + 20]
        period = _period(after, line[max(0, match.start() - 25) : match.start()], m1 + m2)
        lakhs = "lpa" in (m1 + m2).lower()
        if not (currency_symbol or lakhs or (pay_words and is_range)):
            continue
        if not is_range and not (period or pay_words):
            continue
        if _scale(m1) >= 1e6 and not pay_words:
            continue  # "$5M in funding"
        low = _amount(match.group("a1")) * _scale(m1 or (m2 if is_range else ""))
        high = _amount(match.group("a2")) * _scale(m2 or m1) if is_range else None
        if high is not None and high < low:
            continue
        if not currency_symbol and not lakhs and max(low, high or 0) < 1000:
            continue
        currency = v.currencies.get(currency_symbol.rstrip(".") if currency_symbol else "", None)
        if currency is None and currency_symbol:
            currency = v.currencies.get(currency_symbol)
        if lakhs and not currency:
            currency = "INR"
        raw_end = match.end()
        period_match = re.match(r"[ ,(]*(?:per \w+|an? \w+|/ ?\w+|annually|annual|monthly|hourly|yearly|p\.a\.)", after)
        if period and period_match and not lakhs:
            raw_end += period_match.end()
        return Salary(
            min_amount=low, max_amount=high, currency=currency, period=period, raw=line[match.start() : raw_end].strip()
        )
    return None


def find_salary(lines: list[str]) -> Salary | None:
    """The first pay statement in ``lines`` (labelled fields and benefits first, by the caller)."""
    for line in lines:
        found = salary_in(line)
        if found:
            return found
    return None
