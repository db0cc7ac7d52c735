"""The activities domain's HTTP surface, one router per concern, mounted under /api/v1."""

from ninja import Router

from chengdan.activities.api import calendar, follow_ups, tasks, visits

router = Router()
router.add_router("/", follow_ups.router)
router.add_router("/", visits.router)
router.add_router("/", tasks.router)
router.add_router("/", calendar.router)
