"""Duplicate finding: exact keys (credit code, normalised name, contact mobile/email) and fuzzy name matches."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from chengdan.access import engine
from chengdan.access.fields import mask_value
from chengdan.core import phones
from chengdan.core.cleaning import CleaningError
from chengdan.customers import identity
from chengdan.customers.errors import CustomerError
from chengdan.customers.models import Contact, Customer
from chengdan.customers.permissions import CUSTOMERS, visible_contacts, visible_customers

STRONG_SIMILARITY = 0.85
WEAK_SIMILARITY = 0.6
FUZZY_POOL = 300


def _without(queryset: QuerySet[Customer], pk: int | None) -> QuerySet[Customer]:
    return queryset.exclude(pk=pk) if pk is not None else queryset


def _fuzzy_ids(name_key: str, exclude_id: int | None) -> dict[int, float]:
    """Customers whose normalised name shares a bigram with `name_key`, scored by similarity."""
    grams = sorted(identity.candidate_bigrams(name_key))
    if not grams:
        return {}
    # A few spread-out bigrams find the pool; the score decides.
    picks = {grams[0], grams[len(grams) // 2], grams[-1]}
    condition = Q()
    for gram in picks:
        condition |= Q(name_key__contains=gram)
    rows = _without(Customer.objects.filter(condition), exclude_id).values_list("pk", "name_key")[:FUZZY_POOL]
    scored = {pk: identity.name_similarity(name_key, key) for pk, key in rows}
    return {pk: score for pk, score in scored.items() if score >= WEAK_SIMILARITY}


def _normalised(values: Iterable[str], normalise: Callable[[str], str]) -> list[str]:
    result = []
    for value in values:
        try:
            result.append(normalise(value))
        except CleaningError:
            continue
    return result


def find_candidates(
    actor: Any,
    *,
    name: str = "",
    credit_code: str = "",
    mobiles: Iterable[str] = (),
    emails: Iterable[str] = (),
    exclude_id: int | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Possible duplicates over the whole base; records outside the actor's scope come masked, without id."""
    reasons: dict[int, set[str]] = {}
    scores: dict[int, float] = {}

    def add(pk: int, reason: str, score: float = 1.0) -> None:
        reasons.setdefault(pk, set()).add(reason)
        scores[pk] = max(scores.get(pk, 0.0), score)

    credit_code = (_normalised([credit_code], identity.normalise_credit_code) or [""])[0]
    if credit_code:
        for pk in _without(Customer.objects.filter(credit_code=credit_code), exclude_id).values_list("pk", flat=True):
            add(pk, "credit_code")
    name_key = identity.normalise_company_name(name) if name.strip() else ""
    if name_key:
        for pk in _without(Customer.objects.filter(name_key=name_key), exclude_id).values_list("pk", flat=True):
            add(pk, "name")
        for pk, score in _fuzzy_ids(name_key, exclude_id).items():
            if "name" not in reasons.get(pk, set()):
                add(pk, "similar_name", score)
    contact_matches = Q()
    mobiles, emails = _normalised(mobiles, phones.normalise_mobile), _normalised(emails, phones.normalise_email)
    if mobiles:
        contact_matches |= Q(mobile__in=mobiles)
    if emails:
        contact_matches |= Q(email__in=emails)
    if mobiles or emails:
        contacts = Contact.objects.filter(contact_matches)
        others = contacts.exclude(customer_id=exclude_id) if exclude_id else contacts
        for pk, mobile in others.values_list("customer_id", "mobile"):
            add(pk, "mobile" if mobile in mobiles else "email")
    ranked = sorted(scores, key=lambda pk: (-len(reasons[pk] - {"similar_name"}), -scores[pk], pk))[:limit]
    return _describe(actor, ranked, reasons, scores)


def _describe(
    actor: Any, ids: list[int], reasons: dict[int, set[str]], scores: dict[int, float]
) -> list[dict[str, Any]]:
    visible = set(visible_customers(actor).filter(pk__in=ids).values_list("pk", flat=True))
    rows = {c.pk: c for c in Customer.objects.filter(pk__in=ids).select_related("owner")}
    result = []
    for pk in ids:
        customer = rows.get(pk)
        if customer is None:
            continue
        seen = pk in visible
        result.append(
            {
                "id": pk if seen else None,
                "name": customer.name if seen else mask_value(customer.name, "text"),
                "owner_name": customer.owner.name if customer.owner else None,
                "is_visible": seen,
                "reasons": sorted(reasons[pk]),
                "score": round(scores[pk], 3),
            }
        )
    return result


def refuse_duplicates(
    actor: Any, *, name: str, credit_code: str, allow_similar: bool, exclude_id: int | None = None
) -> None:
    """One credit code, one customer; other likely duplicates need the caller's confirmation."""
    candidates = find_candidates(actor, name=name, credit_code=credit_code, exclude_id=exclude_id)
    if any("credit_code" in c["reasons"] for c in candidates):
        raise CustomerError.duplicate_credit_code(candidates)
    strong = [c for c in candidates if "name" in c["reasons"] or c["score"] >= STRONG_SIMILARITY]
    if strong and not allow_similar:
        raise CustomerError.duplicate(candidates)


def duplicate_groups(actor: Any, *, limit: int = 50) -> list[dict[str, Any]]:
    """Groups of visible customers sharing a credit code, a normalised name or a contact mobile."""
    engine.require_action(actor, CUSTOMERS.resource, "view")
    base = visible_customers(actor)
    groups: list[dict[str, Any]] = []
    for field, reason in (("credit_code", "credit_code"), ("name_key", "name")):
        keys = (
            base.exclude(**{field: ""})
            .values(field)
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .order_by("-n", field)
            .values_list(field, flat=True)[:limit]
        )
        for key in keys:
            ids = list(base.filter(**{field: key}).order_by("pk").values_list("pk", flat=True)[:20])
            groups.append({"reason": reason, "key": key, "customer_ids": ids})
    shared_mobiles = (
        visible_contacts(actor)
        .exclude(mobile="")
        .values("mobile")
        .annotate(n=Count("customer_id", distinct=True))
        .filter(n__gt=1)
        .order_by("-n", "mobile")
        .values_list("mobile", flat=True)[:limit]
    )
    for mobile in shared_mobiles:
        ids = sorted(set(visible_contacts(actor).filter(mobile=mobile).values_list("customer_id", flat=True)))[:20]
        groups.append({"reason": "mobile", "key": mobile, "customer_ids": ids})
    seen: set[tuple[int, ...]] = set()
    unique = []
    for group in groups:
        signature = tuple(group["customer_ids"])
        if signature not in seen:
            seen.add(signature)
            unique.append(group)
    return unique[:limit]
