"""Converting deal amounts to CNY with the exchange rate valid on a given day."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from chengdan.opportunities.errors import OpportunityError
from chengdan.opportunities.models import ExchangeRate

BASE_CURRENCY = "CNY"
CENTS = Decimal("0.01")


def rate_on(currency: str, day: date) -> Decimal:
    """CNY per unit of `currency` valid on `day` (the newest rate from on or before it); 422 when unknown."""
    code = (currency or "").upper()
    if code == BASE_CURRENCY:
        return Decimal("1")
    rate = (
        ExchangeRate.objects.filter(currency=code, valid_from__lte=day)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        raise OpportunityError.unknown_currency(code)
    return rate


def to_cny(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    """The amount in CNY at `rate`, rounded to the fen."""
    if amount is None:
        return None
    return (amount * rate).quantize(CENTS, rounding=ROUND_HALF_UP)
