"""The customers domain's rows of the permission matrix (contacts, settings, search, merge, import, export)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from chengdan.core.models import SavedView
from chengdan.customers import merging
from chengdan.customers.models import CustomField, ExportJob, ImportJob, Tag
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
OWN_CUSTOMER = {"customer_id": lambda org: org.customers["own"].pk}
OWN_CONTACT = {"contact_id": lambda org: org.contacts["own"].pk}
IMPORTERS = {"supervisor": 0, "regional_manager": 0, "admin": 0}
HIDDEN = {"same_team": 404, "other_team": 404}


def _with(status: int, *personas: str) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def _merge_id(org: Org) -> int:
    merge = merging.merge_customers(
        actor=org.root,
        survivor_id=org.customers["own"].pk,
        merged_id=org.customers["same_team"].pk,
        take_from_merged=[],
        custom_from_merged=[],
    )
    return merge.pk


def _view_id(org: Org) -> int:
    return SavedView.objects.create(resource="customers", name="我的视图", owner=org.users["own"]).pk


def _tag_id(org: Org) -> int:
    return Tag.objects.get_or_create(name="矩阵标签")[0].pk


def _field_id(org: Org) -> int:
    return CustomField.objects.create(entity="customer", key="budget", label="预算", field_type="money").pk


def _csv_upload(org: Org) -> dict[str, object]:
    content = "客户名称,联系人,手机\n矩阵导入有限公司,张三,13800138000\n".encode()
    return {"file": SimpleUploadedFile("customers.csv", content, content_type="text/csv")}


def _import_job_id(org: Org) -> int:
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "uploads" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"matrix-{org.users['supervisor'].pk}.csv"
    path.write_text("客户名称,手机\n矩阵导入有限公司,13800138000\n", encoding="utf-8")
    job = ImportJob.objects.create(
        actor=org.users["supervisor"],
        filename="customers.csv",
        stored_path=str(path),
        file_format="csv",
        mapping={"客户名称": "name", "手机": "contact_mobile"},
    )
    return job.pk


def _export_job_id(org: Org) -> int:
    return ExportJob.objects.create(actor=org.users["own"]).pk


IMPORT_JOB = {"job_id": _import_job_id}
SUPERVISOR_ONLY = only({"supervisor": 200}, 404)


def _attachment_upload(org: Org) -> dict[str, object]:
    return {
        "resource": "customers",
        "object_id": org.customers["own"].pk,
        "file": SimpleUploadedFile("合同.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    }


def _attachment_id(org: Org) -> int:
    from chengdan.attachments import actions as attachment_actions

    upload = SimpleUploadedFile("报价.pdf", b"%PDF-1.4 quote", content_type="application/pdf")
    attachment = attachment_actions.add_attachment(
        actor=org.users["own"], resource="customers", object_id=org.customers["own"].pk, upload=upload
    )
    return attachment.pk


ATTACHMENT = {"attachment_id": _attachment_id}

CUSTOMER_ENDPOINTS = [
    Endpoint(
        "GET",
        f"{V1}/attachments?resource=customers&object_id={{customer_id}}",
        statuses(200, **HIDDEN),
        params=OWN_CUSTOMER,
    ),
    Endpoint("POST", f"{V1}/attachments", statuses(201, **HIDDEN), body=_attachment_upload, multipart=True),
    Endpoint("GET", f"{V1}/attachments/{{attachment_id}}/download", statuses(200, **HIDDEN), params=ATTACHMENT),
    Endpoint("DELETE", f"{V1}/attachments/{{attachment_id}}", statuses(204, **HIDDEN), params=ATTACHMENT),
    Endpoint("GET", f"{V1}/regions", statuses(200)),
    Endpoint("GET", f"{V1}/customers/search", statuses(200)),
    Endpoint("POST", f"{V1}/customers/duplicates/check", statuses(200), body=lambda org: {"name": "own 客户有限公司"}),
    Endpoint("GET", f"{V1}/customers/duplicates", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/customers/merge",
        only({"supervisor": 201, "regional_manager": 201, "admin": 201, **HIDDEN}, 403),
        body=lambda org: {"survivor_id": org.customers["own"].pk, "merged_id": org.customers["same_team"].pk},
    ),
    Endpoint("GET", f"{V1}/customers/{{customer_id}}/merges", statuses(200, **HIDDEN), params=OWN_CUSTOMER),
    Endpoint(
        "POST", f"{V1}/customers/merges/{{merge_id}}/undo", statuses(200, **HIDDEN), params={"merge_id": _merge_id}
    ),
    Endpoint("GET", f"{V1}/customers/views", statuses(200)),
    Endpoint("POST", f"{V1}/customers/views", statuses(201), body=lambda org: {"name": "重点客户", "filters": {}}),
    Endpoint(
        "PUT",
        f"{V1}/customers/views/{{view_id}}",
        only({"own": 200}, 404),
        params={"view_id": _view_id},
        body=lambda org: {"name": "改名"},
    ),
    Endpoint("DELETE", f"{V1}/customers/views/{{view_id}}", only({"own": 204}, 404), params={"view_id": _view_id}),
    Endpoint(
        "POST",
        f"{V1}/customers/bulk",
        statuses(200),
        body=lambda org: {"ids": [org.customers["own"].pk], "operation": "set_stage", "stage": "intent"},
    ),
    Endpoint("GET", f"{V1}/customers/{{customer_id}}/contacts", statuses(200, **HIDDEN), params=OWN_CUSTOMER),
    Endpoint("GET", f"{V1}/customers/{{customer_id}}/timeline", statuses(200, **HIDDEN), params=OWN_CUSTOMER),
    Endpoint("GET", f"{V1}/contacts", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/contacts/customers/{{customer_id}}",
        statuses(201, **HIDDEN),
        params=OWN_CUSTOMER,
        body=lambda org: {"name": "新联系人", "mobile": "+86 139-0000-1111"},
    ),
    Endpoint("GET", f"{V1}/contacts/{{contact_id}}", statuses(200, **HIDDEN), params=OWN_CONTACT),
    Endpoint(
        "PATCH",
        f"{V1}/contacts/{{contact_id}}",
        statuses(200, **HIDDEN),
        params=OWN_CONTACT,
        body=lambda org: {"version": 1, "title": "采购总监"},
    ),
    Endpoint("DELETE", f"{V1}/contacts/{{contact_id}}", statuses(204, **HIDDEN), params=OWN_CONTACT),
    Endpoint("GET", f"{V1}/customer-settings/tags", statuses(200)),
    Endpoint("POST", f"{V1}/customer-settings/tags", statuses(201), body=lambda org: {"name": "新标签"}),
    Endpoint(
        "PATCH",
        f"{V1}/customer-settings/tags/{{tag_id}}",
        only({"admin": 200}, 403),
        params={"tag_id": _tag_id},
        body=lambda org: {"color": "#67C23A"},
    ),
    Endpoint(
        "DELETE", f"{V1}/customer-settings/tags/{{tag_id}}", only({"admin": 204}, 403), params={"tag_id": _tag_id}
    ),
    Endpoint("GET", f"{V1}/customer-settings/options", statuses(200)),
    Endpoint(
        "PUT",
        f"{V1}/customer-settings/options/{{kind}}/{{code}}",
        only({"admin": 200}, 403),
        params={"kind": lambda org: "level", "code": lambda org: "vip"},
        body=lambda org: {"label": "VIP"},
    ),
    Endpoint("GET", f"{V1}/customer-settings/fields", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/customer-settings/fields",
        only({"admin": 201}, 403),
        body=lambda org: {"entity": "customer", "key": "budget", "label": "预算", "field_type": "money"},
    ),
    Endpoint(
        "PATCH",
        f"{V1}/customer-settings/fields/{{field_id}}",
        only({"admin": 200}, 403),
        params={"field_id": _field_id},
        body=lambda org: {"label": "年度预算"},
    ),
    Endpoint("GET", f"{V1}/customers/import-fields", statuses(200)),
    Endpoint("POST", f"{V1}/customers/imports", only(_with(201, *IMPORTERS), 403), body=_csv_upload, multipart=True),
    Endpoint("GET", f"{V1}/customers/imports/{{job_id}}", SUPERVISOR_ONLY, params=IMPORT_JOB),
    Endpoint(
        "POST", f"{V1}/customers/imports/{{job_id}}/preview", SUPERVISOR_ONLY, params=IMPORT_JOB, body=lambda org: {}
    ),
    Endpoint(
        "POST",
        f"{V1}/customers/imports/{{job_id}}/run",
        only({"supervisor": 202}, 404),
        params=IMPORT_JOB,
        body=lambda org: {"mapping": {"客户名称": "name", "手机": "contact_mobile"}, "dry_run": True},
    ),
    Endpoint(
        "POST", f"{V1}/customers/imports/{{job_id}}/cancel", SUPERVISOR_ONLY, params=IMPORT_JOB, body=lambda org: {}
    ),
    Endpoint("GET", f"{V1}/customers/imports/{{job_id}}/errors", SUPERVISOR_ONLY, params=IMPORT_JOB),
    Endpoint("GET", f"{V1}/customers/import-templates", only(_with(200, *IMPORTERS), 403)),
    Endpoint(
        "POST",
        f"{V1}/customers/import-templates",
        only(_with(201, *IMPORTERS), 403),
        body=lambda org: {"name": "Zoho", "mapping": {"Account Name": "name"}},
    ),
    Endpoint("GET", f"{V1}/customers/export.csv", statuses(200, customer_service=403)),
    Endpoint("POST", f"{V1}/customers/exports", statuses(202, customer_service=403), body=lambda org: {}),
    Endpoint("GET", f"{V1}/customers/exports/{{job_id}}", only({"own": 200}, 404), params={"job_id": _export_job_id}),
    Endpoint(
        "GET",
        f"{V1}/customers/exports/{{job_id}}/download",
        only({}, 404),
        params={"job_id": _export_job_id},
    ),
]
