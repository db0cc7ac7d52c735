"""Credit codes are validated per GB 32100-2015; company names reduce to one dedupe key."""

import csv

import pytest
from django.utils import translation

from chengdan.core import textnorm
from chengdan.core.cleaning import CleaningError
from chengdan.customers import identity
from chengdan.testing.datasets import dataset

A_SHARE_COMPANIES = "cn-a-share-companies/cn_a_share_companies.csv"

# Public codes (both check characters verified by computation in this file's tests):
# 华为技术有限公司 (Wikipedia infobox) and 深圳市腾讯计算机系统有限公司 (published business-licence data).
HUAWEI = "914403001922038216"
TENCENT_COMPUTER_SYSTEMS = "91440300708461136T"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HUAWEI, HUAWEI),
        (TENCENT_COMPUTER_SYSTEMS, TENCENT_COMPUTER_SYSTEMS),
        ("91440300708461136t", TENCENT_COMPUTER_SYSTEMS),
        (" 9144 0300 7084 6113 6T ", TENCENT_COMPUTER_SYSTEMS),
        ("91440300-708461136-T", TENCENT_COMPUTER_SYSTEMS),
        ("９１４４０３００７０８４６１１３６Ｔ", TENCENT_COMPUTER_SYSTEMS),
    ],
)
def test_normalise_credit_code_accepts_real_codes(value: str, expected: str) -> None:
    assert identity.normalise_credit_code(value) == expected


@pytest.mark.parametrize(
    ("value", "english_reason"),
    [
        ("", "18 characters expected, got 0"),
        ("91440300708461136", "18 characters expected, got 17"),
        ("91440300708461136TT", "18 characters expected, got 19"),
        ("91440300708461136I", "characters not allowed: I (I O S V Z are never used)"),
        ("9144O300708461136Z", "characters not allowed: O Z (I O S V Z are never used)"),
        ("91A40300708461136T", "positions 3–8 must be a division code"),
        # One digit changed in the organisation code: its own check (position 17) catches it.
        ("91440300708461236T", "check digit of the organisation code (positions 9–17) is wrong"),
        ("914403001922038226", "check digit of the organisation code (positions 9–17) is wrong"),
        # Region part changed: only the final check character can catch it.
        ("91440301708461136T", "the final check character is wrong"),
        ("92440300708461136T", "the final check character is wrong"),
        ("91440300708461136U", "the final check character is wrong"),
        ("914403001922038217", "the final check character is wrong"),
        # Two neighbours swapped.
        ("91443000708461136T", "the final check character is wrong"),
    ],
)
def test_normalise_credit_code_says_what_is_wrong(value: str, english_reason: str) -> None:
    with translation.override("en"), pytest.raises(CleaningError) as caught:
        identity.normalise_credit_code(value)

    assert caught.value.code == "customer.invalid_credit_code"
    assert caught.value.message == f"Invalid unified social credit code ({english_reason}): {value}"


def test_credit_code_error_message_in_chinese() -> None:
    with translation.override("zh-hans"), pytest.raises(CleaningError) as caught:
        identity.normalise_credit_code("91440300708461136U")

    assert caught.value.message == "统一社会信用代码无效（最后一位校验码不符）：91440300708461136U"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("华为技术有限公司", "华为技术"),
        ("华为技术（深圳）有限公司", "华为技术"),
        ("华为技术(深圳市)有限公司", "华为技术"),
        ("中国平安保险（集团）股份有限公司", "中国平安保险"),
        ("中国平安保险(集团)股份有限公司", "中国平安保险"),
        ("中国平安保险 （集团） 股份有限公司", "中国平安保险"),
        ("中国平安保险集团股份有限公司", "中国平安保险"),
        ("深圳市振业(集团)股份有限公司", "深圳市振业"),
        ("小米科技有限责任公司", "小米科技"),
        ("中国石油天然气集团公司", "中国石油天然气"),
        ("中国长城工业总公司", "中国长城工业"),
        ("西门子（中国）有限公司", "西门子中国"),
        ("上海医药【集团】有限公司", "上海医药"),
        ("阿里巴巴（中国）网络技术有限公司", "阿里巴巴中国网络技术"),
        ("平安银行股份有限公司北京分公司", "平安银行股份有限公司北京分公司"),
        ("平安银行股份有限公司 北京分公司", "平安银行股份有限公司北京分公司"),
        ("Huawei Technologies Co., Ltd.", "huaweitechnologies"),
        ("ＨＵＡＷＥＩ　ＴＥＣＨＮＯＬＯＧＩＥＳ　ＣＯ．，ＬＴＤ．", "huaweitechnologies"),
        ("Apple Inc.", "apple"),
        ("Costco Wholesale Corporation", "costcowholesale"),
        ("China Vanke Co.,Ltd.", "chinavanke"),
        ("Shenzhen Zhenye(Group) Co., Ltd.", "shenzhenzhenye"),
        ("ABC Group有限公司", "abc"),
        ("Acme LLC", "acme"),
        ("有限公司", "有限公司"),
        ("集团有限公司", "集团有限公司"),
        ("Group", "group"),
        ("（深圳）", "深圳"),
        ("---", ""),
        ("", ""),
    ],
)
def test_normalise_company_name(name: str, key: str) -> None:
    assert identity.normalise_company_name(name) == key


@pytest.mark.parametrize(
    ("name", "bigrams"),
    [("华为技术", {"华为", "为技", "技术"}), ("aa", {"aa"}), ("华", {"华"}), ("", set())],
)
def test_candidate_bigrams(name: str, bigrams: set[str]) -> None:
    assert identity.candidate_bigrams(name) == bigrams


@pytest.mark.parametrize(
    ("a", "b", "similarity"),
    [
        ("华为技术", "华为技术", 1.0),
        ("华为技术", "华为", 0.5),
        ("中国平安保险", "中国平安", 0.75),
        ("华为技术", "腾讯科技", 0.0),
        ("华为技术", "", 0.0),
        ("", "", 0.0),
    ],
)
def test_name_similarity(a: str, b: str, similarity: float) -> None:
    assert identity.name_similarity(a, b) == pytest.approx(similarity)
    assert identity.name_similarity(b, a) == pytest.approx(similarity)


def test_every_listed_company_has_a_key_and_ping_an_bank_reads_payh() -> None:
    with dataset(A_SHARE_COMPANIES).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))

    assert len(rows) > 5000
    assert [row["fullname"] for row in rows if not identity.normalise_company_name(row["fullname"])] == []
    ping_an_bank = next(row for row in rows if row["fullname"] == "平安银行股份有限公司")
    assert textnorm.pinyin_initials(ping_an_bank["name"]) == "payh"
