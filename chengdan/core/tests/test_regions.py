"""Administrative divisions from GB2260 and region codes read from free text."""

import csv

import pytest

from chengdan.core import regions
from chengdan.core.regions import Region
from chengdan.testing.datasets import dataset

A_SHARE_COMPANIES = "cn-a-share-companies/cn_a_share_companies.csv"


def test_provinces_are_the_34_province_level_divisions_in_code_order() -> None:
    provinces = regions.provinces()

    assert len(provinces) == 34
    assert provinces[0] == Region(code="110000", name="北京市", level=1, parent=None)
    assert provinces[-1] == Region(code="820000", name="澳门特别行政区", level=1, parent=None)
    assert [region.code for region in provinces] == sorted(region.code for region in provinces)


def test_get_returns_the_region_or_none() -> None:
    assert regions.get("440305") == Region(code="440305", name="南山区", level=3, parent="440300")
    assert regions.get("440300") == Region(code="440300", name="深圳市", level=2, parent="440000")
    assert regions.get("999999") is None
    # Placeholder rows of the table are not regions.
    assert regions.get("110100") is None
    assert regions.get("440301") is None


def test_children_skip_placeholder_rows() -> None:
    assert [region.name for region in regions.children("440300")] == [
        "罗湖区",
        "福田区",
        "南山区",
        "宝安区",
        "龙岗区",
        "盐田区",
    ]
    beijing = regions.children("110000")
    assert [region.name for region in beijing[:3]] == ["东城区", "西城区", "朝阳区"]
    assert {region.level for region in beijing} == {3}
    assert regions.children("440305") == []
    assert regions.children("nope") == []


def test_children_are_copies_the_caller_may_change() -> None:
    regions.children("440300").clear()

    assert len(regions.children("440300")) == 6


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("440305", ["广东省", "深圳市", "南山区"]),
        ("440300", ["广东省", "深圳市"]),
        ("440000", ["广东省"]),
        ("110105", ["北京市", "朝阳区"]),
        ("429004", ["湖北省", "仙桃市"]),
        ("000000", []),
    ],
)
def test_path_runs_from_the_province_down(code: str, names: list[str]) -> None:
    assert [region.name for region in regions.path(code)] == names


def test_region_names_include_short_forms() -> None:
    names = regions.region_names()

    assert {
        "广东省",
        "广东",
        "深圳市",
        "深圳",
        "南山区",
        "南山",
        "内蒙古",
        "内蒙",
        "新疆",
        "广西",
        "延边",
        "浦东",
    } <= names
    assert not {"中国", "集团", "有限公司", "市", "区"} & names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("广东省深圳市南山区", "440305"),
        ("广东 深圳 南山", "440305"),
        ("广东/深圳/南山区", "440305"),
        ("深圳市南山区", "440305"),
        ("深圳南山", "440305"),
        ("深圳", "440300"),
        ("广东", "440000"),
        ("北京市朝阳区", "110105"),
        ("北京 朝阳", "110105"),
        ("北京", "110000"),
        ("上海", "310000"),
        ("上海市上海市浦东新区", "310115"),
        ("上海浦东", "310115"),
        ("天津市滨海新区", "120116"),
        ("重庆市江北区", "500105"),
        ("浙江省杭州市", "330100"),
        ("浙江省杭州市西湖区文三路 90 号", "330106"),
        ("中国广东省深圳市南山区科技园", "440305"),
        ("吉林省吉林市", "220200"),
        ("吉林", "220000"),
        ("江苏省南京市鼓楼区", "320106"),
        ("福建 鼓楼", "350102"),
        ("山东 济南 市中区", "370103"),
        ("湖北仙桃", "429004"),
        ("内蒙", "150000"),
        ("新疆维吾尔自治区", "650000"),
        ("吉林 延边", "222400"),
        ("ＧＵＡＮＧＤＯＮＧ 深圳", "440300"),
    ],
)
def test_parse_region_returns_the_most_specific_code(text: str, expected: str) -> None:
    assert regions.parse_region(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The same district name exists in several cities: without a city nothing can be said.
        ("朝阳区", None),
        ("南山区", None),
        ("鼓楼区", None),
        # Several 市中区 in 山东: the province is all that is certain.
        ("山东 市中区", "370000"),
        # A prefecture wins over same-named districts elsewhere.
        ("朝阳", "211300"),
        # A district created after the table's revision (龙华区, 2016) stops at the city.
        ("广东省深圳市龙华区", "440300"),
        ("", None),
        ("火星", None),
        ("N/A", None),
    ],
)
def test_parse_region_when_names_are_ambiguous_or_unknown(text: str, expected: str | None) -> None:
    assert regions.parse_region(text) == expected


def test_every_area_of_the_listed_companies_is_recognised() -> None:
    with dataset(A_SHARE_COMPANIES).open(encoding="utf-8", newline="") as file:
        areas = {row["area"] for row in csv.DictReader(file)} - {""}

    names = {area: regions.get(regions.parse_region(area) or "") for area in sorted(areas)}

    assert len(areas) == 32
    assert [area for area, region in names.items() if region is None or not region.name.startswith(area)] == []
