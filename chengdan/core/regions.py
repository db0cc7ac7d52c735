"""Chinese administrative divisions (GB/T 2260 codes) and parsing of region names from free text.

Data: the newest table shipped by the GB2260 0.4.1 package (its unlabelled revision, which the
package dates 2014; it includes the 2014 changes such as 日喀则市 and 广州 从化区/增城区). Later
changes are missing, e.g. 北京 密云区/延庆区 (still 县 here, 2015), 上海 闸北区 (merged into 静安区
2015), 深圳 龙华区/坪山区 (2016), 莱芜 (merged into 济南 2019); such names resolve to the nearest
level the table knows.

Levels follow the code: 1 = province level (xx0000), 2 = prefecture (xxxx00), 3 = county level.
The table's placeholder rows (市辖区, 县, 省直辖县级行政区划) are not regions: the districts of
北京/上海/天津/重庆 and province-administered cities such as 济源 or 仙桃 hang directly under
their province, so their path has two entries.
"""

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple, cast

from gb2260.data import data as _gb2260_data  # untyped; ignore_missing_imports makes it Any

from chengdan.core.textnorm import to_halfwidth

_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_ETHNIC_GROUPS = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇"
    "|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安"
    "|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各"
)
# 延边朝鲜族自治州 → 延边, 新疆维吾尔自治区 → 新疆: people say the place, not the peoples.
_AUTONOMOUS = re.compile(rf"(.{{2,}}?)(?:(?:{_ETHNIC_GROUPS})族?)+自治[区州县旗]")
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "新区",
    "林区",
    "特区",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
)
# Short forms in common use that suffix rules cannot derive (the stock-exchange data writes 内蒙).
_ALIASES = {"150000": ("内蒙",)}
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division: 6-digit code, official name, level 1–3 and parent code."""

    code: str
    name: str
    level: int
    parent: str | None


class _Table(NamedTuple):
    by_code: dict[str, Region]
    children: dict[str | None, tuple[Region, ...]]
    by_name: dict[str, tuple[str, ...]]
    longest_name: int


def _latest_revision() -> dict[int, str]:
    # The package keys revisions by year; None is its newest table.
    return cast(dict[int, str], _gb2260_data[None])


def _short_forms(code: str, name: str) -> list[str]:
    forms = list(_ALIASES.get(code, ()))
    if match := _AUTONOMOUS.fullmatch(name):
        return [*forms, match[1]]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return [*forms, name[: -len(suffix)]]
    return forms


@functools.cache
def _table() -> _Table:
    raw = {f"{code:06d}": name for code, name in _latest_revision().items() if name not in _PLACEHOLDERS}
    by_code: dict[str, Region] = {}
    by_parent: dict[str | None, list[Region]] = {}
    by_name: dict[str, list[str]] = {}
    for code in sorted(raw):
        level = 1 if code.endswith("0000") else 2 if code.endswith("00") else 3
        prefecture = code[:4] + "00"
        parent = None if level == 1 else prefecture if level == 3 and prefecture in raw else code[:2] + "0000"
        region = Region(code=code, name=raw[code], level=level, parent=parent)
        by_code[code] = region
        by_parent.setdefault(parent, []).append(region)
        for name in (region.name, *_short_forms(code, region.name)):
            by_name.setdefault(name, []).append(code)
    return _Table(
        by_code=by_code,
        children={parent: tuple(members) for parent, members in by_parent.items()},
        by_name={name: tuple(codes) for name, codes in by_name.items()},
        longest_name=max(map(len, by_name)),
    )


def provinces() -> list[Region]:
    """The 34 province-level divisions (incl. municipalities, 台湾, 香港, 澳门) in code order."""
    return list(_table().children[None])


def children(code: str) -> list[Region]:
    """The direct subdivisions of a region in code order; [] for a county or an unknown code."""
    return list(_table().children.get(code, ()))


def get(code: str) -> Region | None:
    """The region with this 6-digit code, or None."""
    return _table().by_code.get(code)


def path(code: str) -> list[Region]:
    """Province first, down to the region itself; [] for an unknown code."""
    by_code = _table().by_code
    lineage: list[Region] = []
    region = by_code.get(code)
    while region is not None:
        lineage.append(region)
        region = by_code.get(region.parent) if region.parent else None
    return lineage[::-1]


@functools.cache
def region_names() -> frozenset[str]:
    """Every official name and common short form (广东, 深圳, 南山, 内蒙) of every region."""
    return frozenset(_table().by_name)


def _within(code: str, ancestor: str) -> bool:
    level = _table().by_code[ancestor].level
    return code != ancestor and code.startswith(ancestor[: 2 * level])


def _common_ancestor(codes: list[str]) -> str | None:
    shared = set(path(codes[0]))
    for code in codes[1:]:
        shared &= set(path(code))
    return max(shared, key=lambda region: region.level).code if shared else None


def _narrow(codes: tuple[str, ...], current: str | None) -> tuple[bool, str | None]:
    """Whether a name fits under `current`, and the region it narrows `current` to."""
    if current is not None:
        inside = [code for code in codes if _within(code, current)]
        if not inside:
            return current in codes, current
        codes = tuple(inside)
    levels = _table().by_code
    top = min(levels[code].level for code in codes)
    shallowest = [code for code in codes if levels[code].level == top]
    if len(shallowest) == 1:
        return True, shallowest[0]
    # Same name in several places (朝阳区, 市中区): keep only what they share, if anything.
    shared = _common_ancestor(shallowest)
    if shared is None or (current is not None and not _within(shared, current)):
        return True, current
    return True, shared


@functools.lru_cache(maxsize=8192)
def parse_region(text: str) -> str | None:
    """The most specific region code named in free text (广东省深圳市南山区, 广东 深圳 南山, 上海), or None.

    Names are read larger to smaller; each must lie inside the region read so far, and text that
    names no region (streets, 中国) is skipped. A name shared by several regions narrows nothing
    unless the text already placed it (北京 朝阳 → 朝阳区 of 北京), so a bare 朝阳区 or 南山区 gives
    None, and 山东 市中区 gives 山东. When a name is both a province or prefecture and a smaller
    region elsewhere, the larger one wins (吉林 → 吉林省, 朝阳 → 朝阳市).
    """
    table = _table()
    current: str | None = None
    for token in _TOKEN.findall(to_halfwidth(text)):
        start = 0
        while start < len(token):
            step = 1
            for length in range(min(table.longest_name, len(token) - start), 1, -1):
                codes = table.by_name.get(token[start : start + length])
                if codes is None:
                    continue
                fits, narrowed = _narrow(codes, current)
                if fits:
                    current, step = narrowed, length
                    break
            start += step
    return current
