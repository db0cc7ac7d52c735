"""Quick search over customers and contacts: Chinese substrings, pinyin spelling and initials, codes, phones."""

from typing import Any

from django.db.models import Q, QuerySet

from chengdan.access import engine
from chengdan.access.fields import field_rules
from chengdan.core import textnorm
from chengdan.customers.models import Contact, Customer
from chengdan.customers.pages import LIST_COLUMNS, attach_tags
from chengdan.customers.permissions import CONTACTS, CUSTOMERS, visible_contacts, visible_customers

# Searching a field a role cannot see in clear would reveal it, so those roles search names only.
PRIVATE_CUSTOMER_FIELDS = {"credit_code", "phone"}
PRIVATE_CONTACT_FIELDS = {"mobile", "email"}


def matching_customers(actor: Any, query: str) -> QuerySet[Customer]:
    """Visible customers whose name, short name, pinyin, credit code, phone or contacts match `query`."""
    needle = textnorm.normalise_query(query)
    base = visible_customers(actor)
    if not needle:
        return base
    if len(needle) <= 2 and textnorm.has_han(needle):
        # One or two characters cannot use the trigram index; the short name columns scan fastest.
        return base.filter(Q(name__contains=needle) | Q(short_name__contains=needle))
    restricted = set(field_rules(actor, CUSTOMERS.resource)) & PRIVATE_CUSTOMER_FIELDS
    restricted |= {f"contact_{name}" for name in set(field_rules(actor, CONTACTS.resource)) & PRIVATE_CONTACT_FIELDS}
    if restricted:
        return base.filter(Q(name__icontains=query.strip()) | Q(short_name__icontains=query.strip()))
    return base.filter(search_text__contains=needle)


def matching_contacts(actor: Any, query: str) -> QuerySet[Contact]:
    """Visible contacts whose name, mobile or email match `query`."""
    needle = query.strip()
    base = visible_contacts(actor)
    if not needle:
        return base
    condition = Q(name__icontains=needle)
    if not set(field_rules(actor, CONTACTS.resource)) & PRIVATE_CONTACT_FIELDS:
        digits = "".join(ch for ch in textnorm.to_halfwidth(needle) if ch.isdigit())
        condition |= Q(email__icontains=needle.lower())
        if len(digits) >= 4:
            condition |= Q(mobile__contains=digits)
    return base.filter(condition)


# A handful of rows: joining the owner's and department's names in costs less than another query.
TOP_COLUMNS = (*LIST_COLUMNS, "owner__username", "owner__display_name", "department__name")


def top_customers(actor: Any, query: str, limit: int = 8) -> list[Customer]:
    """The newest matching customers: walking the primary key backwards stops after `limit` hits."""
    found = list(
        matching_customers(actor, query)
        .select_related("owner", "department")
        .only(*TOP_COLUMNS)
        .order_by("-id")[:limit]
    )
    attach_tags(found)
    return found


def quick_search(actor: Any, query: str, limit: int = 8) -> dict[str, list[Any]]:
    """The global search box: top customers and contacts for `query`."""
    engine.require_action(actor, CUSTOMERS.resource, "view")
    if not query.strip():
        return {"customers": [], "contacts": []}
    contacts = list(matching_contacts(actor, query).select_related("customer").order_by("-id")[:limit])
    return {"customers": top_customers(actor, query, limit), "contacts": contacts}
