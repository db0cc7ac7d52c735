"""Which follow-ups and visits belong on a record's timeline (registered in the app's ready()).

A timeline source knows only the record id, not the reader, so each record's timeline lists only the
activities whose visibility that record decides: a customer's timeline leaves out the follow-ups on its
deals (those show on the deal's timeline, visible exactly to whoever sees the deal).
"""

from django.db.models import Q

from chengdan.activities.models import FollowUp, Visit
from chengdan.activities.permissions import FOLLOW_UPS, VISITS


def _subjects(condition: Q) -> list[tuple[str, list[str]]]:
    follow_ups = [str(pk) for pk in FollowUp.objects.filter(condition).values_list("pk", flat=True)]
    visits = [str(pk) for pk in Visit.objects.filter(condition).values_list("pk", flat=True)]
    return [(FOLLOW_UPS.resource, follow_ups), (VISITS.resource, visits)]


def customer_subjects(customer_id: int) -> list[tuple[str, list[str]]]:
    """The activities a customer's timeline shows: on the customer or its contacts, not on its deals."""
    return _subjects(Q(customer_id=customer_id, opportunity_id__isnull=True, lead_id__isnull=True))


def lead_subjects(lead_id: int) -> list[tuple[str, list[str]]]:
    """The activities on a lead."""
    return _subjects(Q(lead_id=lead_id, opportunity_id__isnull=True))


def opportunity_subjects(opportunity_id: int) -> list[tuple[str, list[str]]]:
    """The activities on a deal."""
    return _subjects(Q(opportunity_id=opportunity_id))
