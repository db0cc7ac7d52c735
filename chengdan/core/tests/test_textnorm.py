"""Half-width folding, pinyin keys and the search string the customer list searches in."""

import pytest

from chengdan.core import textnorm


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("华为　技术", "华为 技术"),
        ("（深圳）【北京】〔上海〕", "(深圳)[北京](上海)"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"),
        ("138—0013–8000", "138-0013-8000"),
        ("plain ascii 123", "plain ascii 123"),
        ("", ""),
    ],
)
def test_to_halfwidth_folds_full_width_forms(text: str, expected: str) -> None:
    assert textnorm.to_halfwidth(text) == expected


@pytest.mark.parametrize(
    ("text", "full", "initials"),
    [
        ("平安银行", "pinganyinhang", "payh"),
        ("重庆啤酒", "chongqingpijiu", "cqpj"),
        ("招商银行", "zhaoshangyinhang", "zsyh"),
        ("长城汽车", "changchengqiche", "ccqc"),
        # Outside pypinyin's phrases these take their first reading (zhang, dou, zhao) unless preferred.
        ("长治市", "changzhishi", "czs"),
        ("丰都县", "fengduxian", "fdx"),
        ("北京朝阳", "beijingchaoyang", "bjcy"),
        ("曾都区", "zengduqu", "zdq"),
        ("绿地控股", "lvdikonggu", "ldkg"),
        ("TCL科技", "tclkeji", "tclkj"),
        ("*ST国华", "stguohua", "stgh"),
        ("万科Ａ", "wankea", "wka"),
        ("", "", ""),
    ],
)
def test_pinyin_full_and_initials(text: str, full: str, initials: str) -> None:
    assert textnorm.pinyin_full(text) == full
    assert textnorm.pinyin_initials(text) == initials


def test_search_text_joins_folded_parts_then_pinyin_of_the_chinese_ones() -> None:
    text = textnorm.search_text("平安银行", None, "", "Ping An  Bank Co., Ltd.", "平安 银行", "深圳")

    assert text.split(textnorm.SEARCH_SEPARATOR) == [
        "平安银行",
        "ping an bank co., ltd.",
        "深圳",
        "pinganyinhang",
        "shenzhen",
        "payh",
        "sz",
    ]


def test_search_text_is_empty_without_parts() -> None:
    assert textnorm.search_text(None, "", "   ") == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("  ＰＡＹＨ ", "payh"),
        ("平安　银行", "平安银行"),
        ("Ping   An\tBank", "ping an bank"),
        ("a\x1fb", "a b"),
    ],
)
def test_normalise_query(query: str, expected: str) -> None:
    assert textnorm.normalise_query(query) == expected


@pytest.mark.parametrize("query", ["平安", "ＰＡＹＨ", "PingAnYinHang", "ping an bank", "深圳", "SZ"])
def test_a_normalised_query_is_a_substring_of_the_search_text(query: str) -> None:
    text = textnorm.search_text("平安银行股份有限公司", "Ping An Bank Co., Ltd.", "深圳")

    assert textnorm.normalise_query(query) in text


def test_no_query_matches_across_the_separator() -> None:
    text = textnorm.search_text("平安", "银行")

    assert textnorm.normalise_query("安银") not in text
