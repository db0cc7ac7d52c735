"""What a customer's 360 timeline shows: its own changes, its contacts', and records later domains attach."""

from collections.abc import Callable

from chengdan.customers.models import Contact
from chengdan.customers.permissions import CONTACTS, CUSTOMERS

# customer id → [(resource, [object ids])]: e.g. the leads converted into the customer.
TimelineSource = Callable[[int], list[tuple[str, list[str]]]]
_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    """Declare more audit subjects belonging to a customer's timeline (higher domains call this in ready())."""
    if source not in _sources:
        _sources.append(source)


def timeline_subjects(customer_id: int) -> list[tuple[str, list[str]]]:
    """The audit subjects of a customer's timeline: the customer, its contacts, then every registered source."""
    contact_ids = [str(pk) for pk in Contact.objects.filter(customer_id=customer_id).values_list("pk", flat=True)]
    subjects = [(CUSTOMERS.resource, [str(customer_id)]), (CONTACTS.resource, contact_ids)]
    for source in _sources:
        subjects.extend(source(customer_id))
    return subjects
