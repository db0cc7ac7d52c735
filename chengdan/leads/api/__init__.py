"""The leads domain's HTTP surface, one router per concern, mounted under /api/v1."""

from ninja import Router

from chengdan.access import engine
from chengdan.access.collaborators_api import collaborators_router
from chengdan.core.saved_view_api import saved_views_router
from chengdan.leads.api import conversion, forms, leads, mailboxes, pools, public_forms, rules, scoring
from chengdan.leads.permissions import LEADS

router = Router()
# Static paths first: "/leads/views" and "/leads/reports/…" must not be read as a lead id.
router.add_router("/leads", saved_views_router(LEADS.resource, tag="leads", require_action=engine.require_action))
router.add_router("/", rules.router)
router.add_router("/", conversion.router)
router.add_router("/", pools.router)
router.add_router("/", forms.router)
router.add_router("/", public_forms.router)
router.add_router("/", mailboxes.router)
router.add_router("/", scoring.router)
router.add_router("/", leads.router)
router.add_router("/leads", collaborators_router(LEADS.resource, id_name="lead_id", tag="leads", noun="lead"))
