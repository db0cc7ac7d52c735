"""The pipeline settings' rows of the permission matrix: every signed-in persona reads, only admins write."""

from typing import Any

from chengdan.opportunities.models import Pipeline, Stage
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1/opportunity-settings"
ADMIN_ONLY = {"admin": 200}


def _stages() -> list[dict[str, Any]]:
    return [
        {"code": "visit", "name": "拜访", "probability": 20},
        {"code": "won", "name": "赢单", "kind": "won", "probability": 100},
        {"code": "lost", "name": "输单", "kind": "lost", "probability": 0},
    ]


def _default_pipeline_id(org: Org) -> int:
    return Pipeline.objects.get(is_default=True).pk


def _unused_pipeline_id(org: Org) -> int:
    pipeline = Pipeline.objects.create(name="矩阵流程")
    for position, stage in enumerate(_stages()):
        Stage.objects.create(pipeline=pipeline, position=position, **stage)
    return pipeline.pk


SETTINGS_ENDPOINTS = [
    Endpoint("GET", f"{V1}/pipelines", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/pipelines",
        only({"admin": 201}, 403),
        body=lambda org: {"name": "渠道销售", "stages": _stages()},
    ),
    Endpoint(
        "PATCH",
        f"{V1}/pipelines/{{pipeline_id}}",
        only(ADMIN_ONLY, 403),
        params={"pipeline_id": _default_pipeline_id},
        body=lambda org: {"version": 1, "name": "标准流程"},
    ),
    Endpoint(
        "DELETE",
        f"{V1}/pipelines/{{pipeline_id}}",
        only({"admin": 204}, 403),
        params={"pipeline_id": _unused_pipeline_id},
    ),
    Endpoint("GET", f"{V1}/lost-reasons", statuses(200)),
    Endpoint(
        "PUT",
        f"{V1}/lost-reasons",
        only(ADMIN_ONLY, 403),
        body=lambda org: {"items": [{"code": "price", "label": "价格"}]},
    ),
    Endpoint("GET", f"{V1}/rates", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/rates",
        only({"admin": 201}, 403),
        body=lambda org: {"currency": "GBP", "valid_from": "2026-07-01", "rate": "9.05"},
    ),
    Endpoint("GET", f"{V1}/gate-requirements", statuses(200)),
]
