"""Deciding what each import row does: clean it, match it against the base and the file, or say why not."""

from dataclasses import dataclass, field
from typing import Any

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core import cleaning
from chengdan.core.errors import localized
from chengdan.customers import identity
from chengdan.customers.import_headers import CUSTOMER_IMPORT_TARGETS
from chengdan.customers.models import Contact, Customer, ImportMode, Tag
from chengdan.customers.permissions import CUSTOMERS, visible_customers
from chengdan.customers.validation import Vocabulary, clean_contact, clean_customer

CUSTOMER_KEYS = {
    "name",
    "short_name",
    "credit_code",
    "industry",
    "region",
    "province",
    "city",
    "district",
    "address",
    "website",
    "source",
    "level",
    "stage",
    "phone",
    "notes",
}
CONTACT_KEYS = {
    "contact_name": "name",
    "contact_title": "title",
    "contact_department": "department_name",
    "contact_mobile": "mobile",
    "contact_landline": "landline",
    "contact_email": "email",
    "contact_wechat": "wechat",
    "contact_birthday": "birthday",
    "contact_decision_role": "decision_role",
}
LABELS = {
    target.key: (target.labels[0], next((label for label in target.labels if label.isascii()), target.key))
    for target in CUSTOMER_IMPORT_TARGETS
}
LABELS["region_code"] = ("地区", "Region")


@dataclass(slots=True)
class RowPlan:
    """What one row will do: create, update (target_id) or nothing, with the clean values or the errors."""

    row: int
    action: str = "create"
    customer: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] = field(default_factory=dict)
    tag_names: list[str] = field(default_factory=list)
    owner_id: int | None = None
    target_id: int | None = None
    name_key: str | None = None
    errors: list[str] = field(default_factory=list)


class RowPlanner:
    """Plans rows against keys loaded once: credit codes, normalised names, contact mobiles and emails."""

    def __init__(self, *, actor: User, mode: str) -> None:
        self.actor = actor
        self.mode = mode
        self.vocabulary = Vocabulary.load()
        base = Customer.objects.values_list("pk", "credit_code", "name_key")
        self.by_code = {code: pk for pk, code, _ in base if code}
        self.by_name = {key: pk for pk, _, key in base if key}
        contacts = Contact.objects.values_list("customer_id", "mobile", "email")
        self.by_mobile = {mobile: pk for pk, mobile, _ in contacts if mobile}
        self.by_email = {email: pk for pk, _, email in contacts if email}
        self.editable: set[int] | None = None
        self.seen: dict[tuple[str, str], int] = {}
        self.maps = {
            "credit_code": self.by_code,
            "name": self.by_name,
            "mobile": self.by_mobile,
            "email": self.by_email,
        }
        self.owners: dict[str, int | str] = {}
        self.tags = {name.lower(): name for name in Tag.objects.values_list("name", flat=True)}
        self.planned = {"create": 0, "update": 0}
        # Unique custom fields: value → the customer holding it (in the base, then earlier rows).
        self.unique: dict[str, dict[Any, int | None]] = {}
        for custom in self.vocabulary.custom_fields.get("customer", []):
            if custom.is_unique:
                held = Customer.objects.filter(**{f"custom__{custom.key}__isnull": False})
                self.unique[custom.key] = {
                    _hashable(value): pk for pk, value in held.values_list("pk", f"custom__{custom.key}")
                }

    def counts(self) -> tuple[int, int]:
        """(rows that would be created, rows that would update a customer)."""
        return self.planned["create"], self.planned["update"]

    def plan(self, row: int, values: dict[str, Any]) -> RowPlan:
        """Clean and match one row (values keyed by import target)."""
        plan = RowPlan(row=row)
        # One pass over the mapped columns (a handful) sorts them into customer, contact and custom values.
        customer_values: dict[str, Any] = {}
        contact_values: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        for key, value in values.items():
            if key in CUSTOMER_KEYS:
                customer_values[key] = value
            elif key in CONTACT_KEYS:
                contact_values[CONTACT_KEYS[key]] = value
            elif key.startswith("custom."):
                custom[key.removeprefix("custom.")] = value
        if custom:
            customer_values["custom"] = {key: value for key, value in custom.items() if value not in (None, "")}
        clean, errors = clean_customer(customer_values, self.vocabulary, partial=self.mode != ImportMode.CREATE)
        plan.customer = clean
        first = cleaning.parse_text(values.get("contact_first_name"))
        if first:
            contact_values["name"] = f"{cleaning.parse_text(contact_values.get('name'))}{first}".strip()
        if any(cleaning.parse_text(value) for value in contact_values.values()):
            if not cleaning.parse_text(contact_values.get("name")):
                # A mobile or email without a name is still worth keeping (and matching on).
                contact_values["name"] = localized("未命名联系人", "Unnamed contact")
            contact, contact_errors = clean_contact(contact_values, self.vocabulary)
            plan.contact = contact
            errors.update({f"contact_{name}": message for name, message in contact_errors.items()})
        if values.get("owner") not in (None, ""):
            self._owner(plan, cleaning.parse_text(values["owner"]), errors)
        if "tags" in values:
            plan.tag_names = self._tags(values["tags"])
        plan.errors = [f"{self._label(name)}：{message}" for name, message in errors.items()]
        if not plan.errors:
            self._match(plan)
        if not plan.errors and plan.action in self.planned:
            self.planned[plan.action] += 1
        return plan

    def _label(self, name: str) -> str:
        if name.startswith("custom."):
            key = name.removeprefix("custom.")
            for field in self.vocabulary.custom_fields.get("customer", []):
                if field.key == key:
                    return localized(field.label, field.label_en or field.label)
        zh, en = LABELS.get(name.replace("department_name", "department"), (name, name))
        return localized(zh, en)

    def _owner(self, plan: RowPlan, text: str, errors: dict[str, str]) -> None:
        if text not in self.owners:
            user = User.objects.filter(is_active=True, username=text).first()
            user = user or User.objects.filter(is_active=True, display_name=text).order_by("pk").first()
            if user is None:
                self.owners[text] = localized(f"找不到负责人“{text}”。", f"No active user “{text}”.")
            else:
                probe = Customer(owner=user, department_id=user.department_id)
                allowed = user.pk == self.actor.pk or engine.can(self.actor, CUSTOMERS.resource, "assign", probe)
                self.owners[text] = (
                    user.pk if allowed else localized("负责人不在您的数据权限范围内。", "Owner out of scope.")
                )
        found = self.owners[text]
        if isinstance(found, int):
            plan.owner_id = found
        else:
            errors["owner"] = found

    def _tags(self, value: Any) -> list[str]:
        text = cleaning.parse_text(value).replace("，", ",").replace("、", ",").replace(";", ",")
        names = []
        for raw in text.split(","):
            name = raw.strip()[:40]
            if name:
                names.append(self.tags.get(name.lower(), name))
        return names

    def _keys(self, plan: RowPlan) -> list[tuple[str, str]]:
        keys = []
        if plan.customer.get("credit_code"):
            keys.append(("credit_code", plan.customer["credit_code"]))
        if plan.customer.get("name"):
            plan.name_key = identity.normalise_company_name(plan.customer["name"])
            keys.append(("name", plan.name_key))
        if plan.contact.get("mobile"):
            keys.append(("mobile", plan.contact["mobile"]))
        if plan.contact.get("email"):
            keys.append(("email", plan.contact["email"]))
        return keys

    def _existing(self, keys: list[tuple[str, str]]) -> int | None:
        maps = self.maps
        for kind, key in keys:
            if key in maps[kind]:
                return maps[kind][key]
        return None

    def _match(self, plan: RowPlan) -> None:
        keys = self._keys(plan)
        for kind, key in keys:
            earlier = self.seen.get((kind, key))
            if earlier is not None and kind in ("credit_code", "name"):
                plan.errors.append(localized(f"与第 {earlier} 行是同一客户。", f"Same customer as row {earlier}."))
                return
        existing = self._existing(keys)
        if existing is None:
            if self.mode == ImportMode.UPDATE:
                plan.errors.append(localized("没有找到要更新的客户。", "No existing customer matches this row."))
                return
            if not plan.customer.get("name"):
                plan.errors.append(f"{self._label('name')}：{localized('此项为必填项。', 'This field is required.')}")
                return
            plan.action = "create"
        elif self.mode == ImportMode.CREATE:
            plan.errors.append(localized("客户已存在（信用代码、名称或联系人相同）。", "This customer already exists."))
            return
        else:
            if self.editable is None:
                self.editable = set(visible_customers(self.actor, "edit").values_list("pk", flat=True))
            if existing not in self.editable:
                plan.errors.append(
                    localized("匹配到的客户不在您的权限范围内。", "The matching customer is out of scope.")
                )
                return
            plan.action, plan.target_id = "update", existing
        if self._unique_clash(plan):
            return
        for kind, key in keys:
            self.seen.setdefault((kind, key), plan.row)

    def _unique_clash(self, plan: RowPlan) -> bool:
        for key, holders in self.unique.items():
            value = plan.customer.get("custom", {}).get(key)
            if value in (None, "", []):
                continue
            holder = holders.get(_hashable(value), plan.target_id)
            if holder != plan.target_id or (holder is None and _hashable(value) in holders):
                plan.errors.append(
                    f"{self._label('custom.' + key)}：{localized('该值已被其他客户使用。', 'Value taken.')}"
                )
                return True
        for key in self.unique:
            value = plan.customer.get("custom", {}).get(key)
            if value not in (None, "", []):
                self.unique[key][_hashable(value)] = plan.target_id
        return False


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
