"""What a page of customers loads besides its rows: which columns, and the tags in one query."""

from collections import defaultdict

from django.db import connection

from chengdan.customers.models import Customer, Tag
from chengdan.customers.rendering import PAGE_TAGS

# Search and dedupe keys are never shown; lists skip them (search_text is the widest column).
DERIVED_COLUMNS = ("search_text", "name_key")
# What a list page reads: the shown columns (not the take-back clocks); owners and departments are
# attached afterwards, by name only (accounts.people).
LIST_COLUMNS = tuple(
    f.name
    for f in Customer._meta.concrete_fields
    if f.name not in (*DERIVED_COLUMNS, "pooled_at", "last_won_at", "idle_since", "won_idle_since")
)


def attach_tags(customers: list[Customer]) -> None:
    """Load the tags of a page of customers in one query, as a plain list the renderer reads (`PAGE_TAGS`).

    `prefetch_related("tags")` costs a related manager and a filtered queryset per row, built
    only to hold the result; a page of 50 spent more time there than in all its SQL.
    """
    if not customers:
        return
    tags: dict[int, list[Tag]] = defaultdict(list)
    rows = Customer.tags.through.objects.filter(customer_id__in=[c.pk for c in customers]).order_by("tag__name")
    for customer_id, *values in rows.values_list("customer_id", "tag_id", "tag__name", "tag__color"):
        tags[customer_id].append(Tag.from_db(connection.alias, ["id", "name", "color"], values))
    for customer in customers:
        customer.__dict__[PAGE_TAGS] = tags.get(customer.pk, [])
