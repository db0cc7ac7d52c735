"""auto_map: exact synonyms first, then containment, then similarity; each target used once."""

import pytest

from chengdan.core.header_mapping import FieldTarget, auto_map, normalize_header, normalized_labels

TARGETS = (
    FieldTarget("name", ("客户名称", "公司名称", "Company Name")),
    FieldTarget("mobile", ("手机", "Mobile")),
    FieldTarget("email", ("邮箱", "Email")),
    FieldTarget("owner", ("负责人", "Account Owner")),
    FieldTarget("phone", ("电话",)),
)


@pytest.mark.parametrize(
    ("header", "normalized"),
    [
        ("＊客户名称（必填）", "客户名称"),
        ("*手机(必填)", "手机"),
        ("邮箱【选填】", "邮箱"),
        ("Name (required)", "name"),
        ("  Account   Name ", "accountname"),
        ("E-mail", "email"),
        ("ＡＢＣ　公司", "abc公司"),
        ("Billing State/Province", "billingstateprovince"),
        ("电话(座机)", "电话座机"),
        ("联系人/姓名", "联系人姓名"),
        ("", ""),
    ],
)
def test_normalize_header(header: str, normalized: str) -> None:
    assert normalize_header(header) == normalized


def test_exact_synonyms_with_markers_and_case() -> None:
    headers = ["*客户名称", "MOBILE", "邮箱(选填)", "account owner", "备注"]

    assert auto_map(headers, TARGETS) == {0: "name", 1: "mobile", 2: "email", 3: "owner"}


def test_exact_match_beats_an_earlier_containment_match() -> None:
    assert auto_map(["客户名称(总部)", "客户名称"], TARGETS) == {1: "name"}


def test_containment_prefers_the_closest_label() -> None:
    headers = ["联系人手机号码", "公司名称全称"]

    assert auto_map(headers, TARGETS) == {0: "mobile", 1: "name"}


def test_similarity_fallback_respects_the_threshold() -> None:
    assert auto_map(["Compnay Name"], TARGETS) == {0: "name"}
    assert auto_map(["Emial"], TARGETS) == {}
    assert auto_map(["Emial"], TARGETS, similarity=0.75) == {0: "email"}


def test_each_target_is_used_once() -> None:
    assert auto_map(["电话", "电话", "电话_2", "手机", "Mobile"], TARGETS) == {0: "phone", 3: "mobile"}


def test_id_columns_are_not_mapped_to_what_they_reference() -> None:
    assert auto_map(["Account Owner Id", "负责人编号"], TARGETS) == {}
    assert auto_map(["Account Owner Id", "Account Owner"], TARGETS) == {1: "owner"}


def test_the_key_itself_is_a_label() -> None:
    assert auto_map(["Owner", "EMAIL"], TARGETS) == {0: "owner", 1: "email"}


def test_unmatched_and_blank_columns_are_left_out() -> None:
    assert auto_map(["", "序号", "创建时间", "客户名称"], TARGETS) == {3: "name"}


def test_normalized_labels_drop_empty_forms() -> None:
    assert normalized_labels(["客户名称", "(必填)", "E-mail"]) == frozenset({"客户名称", "email"})
