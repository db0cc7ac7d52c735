"""The opportunities domain's HTTP surface, one router per concern, mounted under /api/v1."""

from ninja import Router

from chengdan.access import engine
from chengdan.access.collaborators_api import collaborators_router
from chengdan.core.saved_view_api import saved_views_router
from chengdan.opportunities.api import board, exports, forecast, opportunities, settings, targets
from chengdan.opportunities.permissions import OPPORTUNITIES

router = Router()
router.add_router("/", exports.router)
# Before /opportunities/{id}: "/opportunities/at-risk" must not be read as an id.
router.add_router("/", forecast.router)
router.add_router("/", targets.router)
router.add_router(
    "/opportunities",
    saved_views_router(OPPORTUNITIES.resource, tag="opportunities", require_action=engine.require_action),
)
router.add_router("/opportunities", board.router)
router.add_router("/opportunities", opportunities.router)
router.add_router(
    "/opportunities",
    collaborators_router(OPPORTUNITIES.resource, id_name="opportunity_id", tag="opportunities", noun="deal"),
)
router.add_router("/customers", opportunities.customer_router)
router.add_router("/", settings.router)
