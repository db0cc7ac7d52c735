"""The customers, contacts and customer-settings policies and their choke points."""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy, register
from chengdan.customers.models import Contact, Customer, CustomField, CustomFieldEntity


def _custom_field_styles(entity: str) -> dict[str, str]:
    keys = CustomField.objects.filter(entity=entity).values_list("key", flat=True)
    return {f"custom.{key}": "text" for key in keys}


def customer_custom_fields() -> dict[str, str]:
    """Custom customer fields as rule-able output fields ("custom.<key>")."""
    return _custom_field_styles(CustomFieldEntity.CUSTOMER)


def contact_custom_fields() -> dict[str, str]:
    """Custom contact fields as rule-able output fields ("custom.<key>")."""
    return _custom_field_styles(CustomFieldEntity.CONTACT)


CUSTOMERS = register(
    Policy(
        resource="customers",
        model=Customer,
        owner_field="owner_id",
        department_field="department_id",
        shareable=True,
        pool_field="pool_id",
        fields={
            "name": "text",
            "short_name": "text",
            "credit_code": "id",
            "phone": "mobile",
            "address": "text",
            "website": "text",
            "notes": "text",
        },
        extra_fields=customer_custom_fields,
        label="客户",
    )
)
CONTACTS = register(
    Policy(
        resource="contacts",
        model=Contact,
        owner_field=None,
        department_field=None,
        parent="customers",
        parent_field="customer",
        fields={
            "mobile": "mobile",
            "landline": "mobile",
            "email": "email",
            "wechat": "text",
            "birthday": "text",
            "notes": "text",
        },
        extra_fields=contact_custom_fields,
        label="联系人",
    )
)
CUSTOMER_SETTINGS = register(
    Policy(
        resource="customer_settings",
        model=CustomField,
        owner_field=None,
        department_field=None,
        actions=("view", "create", "edit", "delete"),
        label="客户设置（标签、选项、自定义字段）",
    )
)


def visible_customers(actor: Any, action: str = "view") -> QuerySet[Customer]:
    """Customers the actor may see (or act on)."""
    return engine.visible(actor, CUSTOMERS.resource, action)


def visible_contacts(actor: Any, action: str = "view") -> QuerySet[Contact]:
    """Contacts of the customers the actor may see (or act on)."""
    return engine.visible(actor, CONTACTS.resource, action)
