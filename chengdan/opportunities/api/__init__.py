"""The opportunities domain's HTTP surface, one router per concern, mounted under /api/v1."""

from ninja import Router

from chengdan.opportunities.api import board, exports, forecast, opportunities, settings, targets

router = Router()
router.add_router("/", exports.router)
# Before /opportunities/{id}: "/opportunities/at-risk" must not be read as an id.
router.add_router("/", forecast.router)
router.add_router("/", targets.router)
router.add_router("/opportunities", board.router)
router.add_router("/opportunities", opportunities.router)
router.add_router("/customers", opportunities.customer_router)
router.add_router("/", settings.router)
