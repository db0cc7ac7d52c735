"""Issue 7 on a phone: a rep checks in at a customer, adds a photo, checks out with a summary and a next follow-up."""

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from chengdan.activities import visit_actions
from chengdan.activities.choices import ReminderKind, ReminderStatus
from chengdan.activities.models import FollowUp, Reminder, Visit
from chengdan.attachments.models import Attachment
from chengdan.customers.models import Customer
from chengdan.testing.org import PASSWORD, Org
from chengdan.tests.e2e.test_org_scopes import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# The customer's pinned location (People's Square, Shanghai) and where the phone says it is: ~100 m north.
CUSTOMER_AT = (31.2304, 121.4737)
PHONE_AT = {"latitude": 31.2313, "longitude": 121.4737, "accuracy": 8}
# A tiny JPEG (its magic bytes are what the attachments app sniffs; the server does not decode it).
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A 390×844 phone whose browser may use its location, standing near the customer."""
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        geolocation=PHONE_AT,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        from chengdan.tests.e2e.conftest import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def test_a_rep_checks_in_logs_the_visit_with_a_photo_and_a_next_follow_up(
    live_server: Any, phone: Any, org: Org
) -> None:
    base = live_server.url
    rep, customer = org.users["own"], org.customers["own"]
    Customer.objects.filter(pk=customer.pk).update(
        latitude=Decimal(str(CUSTOMER_AT[0])), longitude=Decimal(str(CUSTOMER_AT[1]))
    )
    visit = visit_actions.plan_visit(
        actor=rep, customer_id=customer.pk, planned_at=timezone.now() + timedelta(minutes=20), purpose="方案演示"
    )

    sign_in(phone, base, rep.username, PASSWORD)
    phone.goto(f"{base}/visits/{visit.pk}/check-in")

    # (1) The page locates the phone at once and shows how precise the fix is; the rep checks in.
    phone.get_by_test_id("check-in-accuracy").wait_for()
    with phone.expect_response(lambda response: response.url.endswith(f"/visits/{visit.pk}/check-in")) as checked_in:
        phone.get_by_test_id("check-in-submit").click()
    assert checked_in.value.status == 200
    phone.get_by_test_id("check-in-done").wait_for()
    assert "100" in phone.get_by_test_id("check-in-distance").inner_text()
    assert phone.get_by_test_id("check-in-far").count() == 0
    visit.refresh_from_db()
    assert (visit.status, visit.check_in_distance_m, visit.is_far) == ("checked_in", 100, False)

    # (2) A photo of the visit, taken with the phone's camera input.
    photo_input = phone.get_by_test_id("check-in-photo-input")
    assert photo_input.get_attribute("capture") == "environment"
    photo_input.set_input_files({"name": "门头.jpg", "mimeType": "image/jpeg", "buffer": PHOTO})
    phone.get_by_test_id("check-in-photo-count").wait_for()
    assert Attachment.objects.filter(resource="visits", object_id=visit.pk, name="门头.jpg").exists()

    # (3) Check out with the summary and the next follow-up time.
    next_at = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    phone.locator("[data-testid=check-out-summary] textarea, textarea[data-testid=check-out-summary]").first.fill(
        "演示顺利，客户要求下周报价"
    )
    next_input = phone.locator("[data-testid=check-out-next-at] input, input[data-testid=check-out-next-at]").first
    next_input.fill(next_at.strftime("%Y-%m-%d %H:%M:%S"))
    next_input.press("Enter")
    with phone.expect_response(lambda response: response.url.endswith(f"/visits/{visit.pk}/check-out")) as checked_out:
        phone.get_by_test_id("check-out-submit").click()
    assert checked_out.value.status == 200, checked_out.value.text()
    phone.get_by_test_id("check-out-done").wait_for()

    follow_up = FollowUp.objects.get(visit=visit)
    assert (follow_up.kind, follow_up.source, follow_up.content) == ("visit", "visit", "演示顺利，客户要求下周报价")
    reminder = Reminder.objects.get(subject_type="follow_ups", subject_id=str(follow_up.pk))
    assert (reminder.recipient_id, reminder.kind, reminder.status) == (
        rep.pk,
        ReminderKind.FOLLOW_UP_DUE,
        ReminderStatus.PENDING,
    )
    assert reminder.due_at == next_at
    assert Visit.objects.get(pk=visit.pk).status == "completed"

    # (4) The follow-up shows on the customer's activity tab, newest first.
    phone.goto(f"{base}/customers/{customer.pk}")
    phone.locator("#tab-activities").click()
    entry = phone.get_by_test_id(f"feed-follow-up-{follow_up.pk}")
    entry.wait_for()
    assert "演示顺利" in entry.inner_text()
    phone.get_by_test_id(f"feed-visit-{visit.pk}").wait_for()
