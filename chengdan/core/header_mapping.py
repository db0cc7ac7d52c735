"""Automatic mapping of spreadsheet column headers to import fields, by synonym and similarity."""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Annotations users put in brackets after a header: "手机(必填)", "邮箱【选填】", "Name (required)".
_BRACKETED = re.compile(r"[(\[{（【〔<《「『]([^)\]}）】〕>》」』]*)[)\]}）】〕>》」』]")
_ANNOTATIONS = frozenset(
    {
        "必填",
        "选填",
        "必输",
        "可选",
        "非必填",
        "必须",
        "必需",
        "可不填",
        "可空",
        "required",
        "optional",
        "必填项",
        "选填项",
    }
)
_ID_SUFFIXES = ("id", "编号", "编码", "序号")
# One differing character in five ("联系人座机" vs "联系人手机") scores 0.8 and must not match.
DEFAULT_SIMILARITY = 0.85
_MIN_CONTAINED_LENGTH = 2


@dataclass(frozen=True, slots=True)
class FieldTarget:
    """An import field (`key`) and the header texts that mean it (`labels`, any language)."""

    key: str
    labels: tuple[str, ...]


def normalize_header(text: str) -> str:
    """Comparable form: half-width, lower case, no spaces, punctuation, `*` markers or 必填 notes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _BRACKETED.sub(_drop_annotation, text)
    return "".join(char for char in text if unicodedata.category(char)[0] not in "PSZC")


def _drop_annotation(match: re.Match[str]) -> str:
    inner = match.group(1).strip()
    return "" if inner.replace(" ", "") in _ANNOTATIONS else inner


def auto_map(
    headers: list[str], targets: Sequence[FieldTarget], *, similarity: float = DEFAULT_SIMILARITY
) -> dict[int, str]:
    """Column index → target key. Exact synonyms win, then containment, then fuzzy similarity;
    every target is used at most once and unmatched columns are left out. A column whose best
    match is a target another column already took stays unmapped rather than taking its
    second-best ("联系人手机" after "手机" must not become the contact's name)."""
    normalized = [normalize_header(header) for header in headers]
    labels = [(target.key, _target_labels(target)) for target in targets]
    mapping: dict[int, str] = {}
    used: set[str] = set()
    settled: set[int] = {index for index, header in enumerate(normalized) if not header}

    for index, header in enumerate(normalized):
        if index in settled:
            continue
        key = next((key for key, forms in labels if header in forms), None)
        if key is None:
            continue
        settled.add(index)
        if key not in used:
            mapping[index] = key
            used.add(key)

    for scorer in (_containment, _similarity(similarity)):
        candidates: list[tuple[float, int, str]] = []
        for index, header in enumerate(normalized):
            if index in settled:
                continue
            score, key = max(
                ((max((scorer(header, form) for form in forms), default=0.0), key) for key, forms in labels),
                key=lambda scored: scored[0],
                default=(0.0, ""),
            )
            if score <= 0:
                continue
            settled.add(index)
            if key not in used:
                candidates.append((-score, index, key))
        for _, index, key in sorted(candidates):
            if key not in used:
                mapping[index] = key
                used.add(key)
    return dict(sorted(mapping.items()))


def _target_labels(target: FieldTarget) -> frozenset[str]:
    forms = {normalize_header(label) for label in target.labels}
    forms.add(normalize_header(target.key))
    forms.discard("")
    return frozenset(forms)


def _containment(header: str, label: str) -> float:
    """How much of the longer text the shorter one covers, when one contains the other."""
    if header == label:
        return 1.0
    shorter, longer = (label, header) if len(label) <= len(header) else (header, label)
    if len(shorter) < _MIN_CONTAINED_LENGTH or shorter not in longer or _is_reference_to(header, label):
        return 0.0
    return len(shorter) / len(longer)


def _is_reference_to(header: str, label: str) -> bool:
    """ "Account Owner Id" refers to the owner but is not the owner; "客户编号" is not the customer."""
    return any(header.endswith(suffix) and not label.endswith(suffix) for suffix in _ID_SUFFIXES)


def _similarity(threshold: float) -> Callable[[str, str], float]:
    def score(header: str, label: str) -> float:
        if _is_reference_to(header, label):
            return 0.0
        matcher = SequenceMatcher(None, header, label, autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            return 0.0
        ratio = matcher.ratio()
        return ratio if ratio >= threshold else 0.0

    return score


def normalized_labels(labels: Iterable[str]) -> frozenset[str]:
    """The normalised forms of header texts, for scoring header-row candidates."""
    return frozenset(form for form in (normalize_header(label) for label in labels) if form)
