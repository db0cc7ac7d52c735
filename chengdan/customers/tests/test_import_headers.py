"""The customers import synonym table maps CRM exports and Chinese templates to the importer's keys."""

from pathlib import Path

import xlsxwriter

from chengdan.core.header_mapping import auto_map, normalize_header
from chengdan.core.spreadsheets import open_table
from chengdan.customers.import_headers import CUSTOMER_IMPORT_TARGETS, KNOWN_HEADERS

IMPORTER_KEYS = {
    "name",
    "short_name",
    "credit_code",
    "industry",
    "region",
    "province",
    "city",
    "district",
    "address",
    "website",
    "source",
    "level",
    "stage",
    "owner",
    "tags",
    "notes",
    "phone",
    "contact_name",
    "contact_first_name",
    "contact_title",
    "contact_department",
    "contact_mobile",
    "contact_landline",
    "contact_email",
    "contact_wechat",
    "contact_birthday",
    "contact_decision_role",
}


def mapped(headers: list[str]) -> dict[str, str]:
    return {headers[index]: key for index, key in auto_map(headers, CUSTOMER_IMPORT_TARGETS).items()}


def test_keys_are_exactly_the_importer_fields() -> None:
    keys = [target.key for target in CUSTOMER_IMPORT_TARGETS]

    assert len(keys) == len(set(keys))
    assert set(keys) == IMPORTER_KEYS


def test_no_synonym_belongs_to_two_fields() -> None:
    owners: dict[str, str] = {}
    for target in CUSTOMER_IMPORT_TARGETS:
        for form in {normalize_header(label) for label in (*target.labels, target.key)}:
            assert form, target.key
            assert owners.setdefault(form, target.key) == target.key, form


def test_known_headers_hold_every_label() -> None:
    assert {"客户名称", "Account Name", "Last Name", "手机", "统一社会信用代码"} <= KNOWN_HEADERS
    assert len(KNOWN_HEADERS) == len({label for target in CUSTOMER_IMPORT_TARGETS for label in target.labels})


def test_zoho_accounts_export() -> None:
    # Header row of Zoho CRM's Accounts.csv export (shared datasets/zoho-crm-export).
    headers = [
        "ACCOUNTID",
        "Account Name",
        "Account Owner Id",
        "Account Owner",
        "Account Type",
        "Industry",
        "Website",
        "Tasks Involved",
        "Events Involved",
        "Calls Involved",
        "Activities Involved",
    ]

    assert mapped(headers) == {
        "Account Name": "name",
        "Account Owner": "owner",
        "Industry": "industry",
        "Website": "website",
    }


def test_zoho_contacts_export() -> None:
    headers = [
        "CONTACTID",
        "Last Name",
        "Contact Owner Id",
        "Contact Owner",
        "Account Id",
        "Email",
        "Lead Source",
        "Mobile",
        "Created Time",
    ]

    assert mapped(headers) == {
        "Last Name": "contact_name",
        "Contact Owner": "owner",
        "Email": "contact_email",
        "Lead Source": "source",
        "Mobile": "contact_mobile",
    }


def test_salesforce_accounts_report() -> None:
    headers = [
        "Account Name",
        "Billing Street",
        "Billing City",
        "Billing State/Province",
        "Billing Zip/Postal Code",
        "Phone",
        "Website",
        "Industry",
        "Account Owner",
        "Account Source",
        "Rating",
        "Description",
    ]

    assert mapped(headers) == {
        "Account Name": "name",
        "Billing Street": "address",
        "Billing City": "city",
        "Billing State/Province": "province",
        "Phone": "phone",
        "Website": "website",
        "Industry": "industry",
        "Account Owner": "owner",
        "Account Source": "source",
        "Rating": "level",
        "Description": "notes",
    }


def test_hubspot_companies_and_contacts_export() -> None:
    headers = [
        "Record ID",
        "Company name",
        "Company Domain Name",
        "Phone Number",
        "City",
        "State/Region",
        "Industry",
        "Company owner",
        "First Name",
        "Last Name",
        "Job Title",
        "Email",
        "Lifecycle Stage",
    ]

    assert mapped(headers) == {
        "Company name": "name",
        "Company Domain Name": "website",
        "Phone Number": "phone",
        "City": "city",
        "State/Region": "province",
        "Industry": "industry",
        "Company owner": "owner",
        "First Name": "contact_first_name",
        "Last Name": "contact_name",
        "Job Title": "contact_title",
        "Email": "contact_email",
        "Lifecycle Stage": "stage",
    }


def test_chinese_template_with_required_markers() -> None:
    headers = [
        "*客户名称（必填）",
        "客户简称",
        "统一社会信用代码",
        "所属行业",
        "省份",
        "城市",
        "区县",
        "详细地址",
        "客户来源",
        "客户级别",
        "负责人(必填)",
        "标签",
        "备注",
        "公司电话",
        "联系人/姓名",
        "联系人/手机",
        "职务",
        "部门",
        "座机",
        "邮箱【选填】",
        "微信号",
        "生日",
        "决策角色",
    ]

    assert mapped(headers) == {
        "*客户名称（必填）": "name",
        "客户简称": "short_name",
        "统一社会信用代码": "credit_code",
        "所属行业": "industry",
        "省份": "province",
        "城市": "city",
        "区县": "district",
        "详细地址": "address",
        "客户来源": "source",
        "客户级别": "level",
        "负责人(必填)": "owner",
        "标签": "tags",
        "备注": "notes",
        "公司电话": "phone",
        "联系人/姓名": "contact_name",
        "联系人/手机": "contact_mobile",
        "职务": "contact_title",
        "部门": "contact_department",
        "座机": "contact_landline",
        "邮箱【选填】": "contact_email",
        "微信号": "contact_wechat",
        "生日": "contact_birthday",
        "决策角色": "contact_decision_role",
    }


def test_each_field_is_used_once_with_synonym_columns() -> None:
    result = auto_map(["手机", "手机号码", "联系人手机", "公司名称", "客户名称"], CUSTOMER_IMPORT_TARGETS)

    assert result == {0: "contact_mobile", 3: "name"}


def test_known_headers_find_the_header_row_of_an_upload(tmp_path: Path) -> None:
    path = tmp_path / "客户导入.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["导出人：张三", "导出时间：2024-05-01", "共 1 条"])
    sheet.write_row(1, 0, ["客户名称", "联系人", "手机号码"])
    sheet.write_row(2, 0, ["成都甲科技有限公司", "李四", "13800138000"])
    workbook.close()

    table = open_table(path, known_headers=KNOWN_HEADERS)

    assert table.header_row == 2
    assert auto_map(table.headers, CUSTOMER_IMPORT_TARGETS) == {0: "name", 1: "contact_name", 2: "contact_mobile"}


def test_split_chinese_name_columns() -> None:
    assert mapped(["姓", "名", "手机"]) == {"姓": "contact_name", "名": "contact_first_name", "手机": "contact_mobile"}
