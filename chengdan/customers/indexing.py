"""The derived columns duplicate finding and quick search read: `name_key` and `search_text`."""

from collections.abc import Iterable

from chengdan.core import textnorm
from chengdan.customers import identity
from chengdan.customers.models import Contact, Customer


def index_values(
    *,
    name: str,
    short_name: str,
    credit_code: str,
    phone: str,
    contacts: Iterable[tuple[str, str, str]],
    name_key: str | None = None,
) -> tuple[str, str]:
    """(name_key, search_text) for a customer and its contacts' (name, mobile, email)."""
    # Pinyin only for the company's names: it is the costly part and what users type pinyin for.
    # Codes, phones and emails are already normalised (ASCII) by validation: lower-casing is enough.
    plain = [credit_code.lower(), phone.lower()]
    for contact_name, mobile, email in contacts:
        plain.extend((textnorm.normalise_query(contact_name) if contact_name else "", mobile, email.lower()))
    text = textnorm.SEARCH_SEPARATOR.join([textnorm.search_text(name, short_name), *filter(None, plain)])
    return (identity.normalise_company_name(name) if name_key is None else name_key), text


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
    customer = Customer.objects.get(pk=customer_id)
    reindex(customer)
    Customer.objects.filter(pk=customer_id).update(name_key=customer.name_key, search_text=customer.search_text)
