"""The derived columns duplicate finding and quick search read: `name_key` and `search_text`."""

from collections.abc import Iterable

from chengdan.core import textnorm
from chengdan.customers import identity
from chengdan.customers.models import Contact, Customer


def index_values(
    *, name: str, short_name: str, credit_code: str, phone: str, contacts: Iterable[tuple[str, str, str]]
) -> tuple[str, str]:
    """(name_key, search_text) for a customer and its contacts' (name, mobile, email)."""
    # Pinyin only for the company's names: it is the costly part and what users type pinyin for.
    plain = [credit_code, phone]
    for contact_name, mobile, email in contacts:
        plain.extend((contact_name, mobile, email))
    folded = [textnorm.normalise_query(part) for part in plain if part]
    text = textnorm.SEARCH_SEPARATOR.join([textnorm.search_text(name, short_name), *filter(None, folded)])
    return identity.normalise_company_name(name), text


def reindex(customer: Customer) -> None:
    """Recompute a customer's derived columns from its row and its contacts (caller saves)."""
    contacts = Contact.objects.filter(customer_id=customer.pk).values_list("name", "mobile", "email")
    customer.name_key, customer.search_text = index_values(
        name=customer.name,
        short_name=customer.short_name,
        credit_code=customer.credit_code,
        phone=customer.phone,
        contacts=list(contacts) if customer.pk else [],
    )


def reindex_saved(customer_id: int) -> None:
    """Recompute and store the derived columns of one saved customer (after a contact change)."""
    customer = Customer.all_objects.get(pk=customer_id)
    reindex(customer)
    Customer.all_objects.filter(pk=customer_id).update(name_key=customer.name_key, search_text=customer.search_text)
