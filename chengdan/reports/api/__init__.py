"""The work-reports domain's HTTP surface, mounted under /api/v1."""

from ninja import Router

from chengdan.reports.api import reports, team, templates

router = Router()
# Before /work-reports/{report_id}: "/work-reports/missing" and "/work-reports/rollup" are not ids.
router.add_router("/", team.router)
router.add_router("/", reports.router)
router.add_router("/", templates.router)
