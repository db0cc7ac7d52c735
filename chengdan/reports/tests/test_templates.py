"""Templates per department: CRUD rights, validation, which template a report uses, frozen layouts."""

import pytest

from chengdan.accounts import actions as org_actions
from chengdan.reports.models import ReportTemplate
from chengdan.reports.seed import seed
from chengdan.reports.tests.factories import WEDNESDAY
from chengdan.reports.tests.helpers import V1, patch, post, put
from chengdan.testing.org import Org, make_user

pytestmark = pytest.mark.django_db
SECTIONS = [
    {"key": "summary", "label": "今日总结", "required": True},
    {"key": "customer_feedback", "label": "客户反馈", "label_en": "Customer feedback", "required": True},
]


def _team_template(org: Org, kind: str = "daily") -> dict[str, object]:
    body = {
        "kind": kind,
        "department_id": org.team.pk,
        "name": "上海组日报",
        "sections": SECTIONS,
        "figures": ["follow_ups", "visits"],
    }
    response = post(org.client("admin"), "/report-templates", body)
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_defaults_are_seeded_once(org: Org) -> None:
    defaults = ReportTemplate.objects.filter(department__isnull=True)
    assert sorted(defaults.values_list("kind", flat=True)) == ["daily", "weekly"]
    seed()
    assert defaults.count() == 2
    listed = org.client("own").get(f"{V1}/report-templates").json()
    assert [(row["kind"], row["is_default"]) for row in listed] == [("daily", True), ("weekly", True)]


def test_only_settings_editors_change_templates(org: Org) -> None:
    body = {"kind": "daily", "department_id": org.team.pk, "name": "x", "sections": SECTIONS, "figures": []}
    assert post(org.client("supervisor"), "/report-templates", body).status_code == 403
    assert not ReportTemplate.objects.filter(department=org.team).exists()


def test_a_department_template_applies_to_its_subtree_and_others_keep_the_default(org: Org) -> None:
    _team_template(org)
    draft = org.client("own").get(f"{V1}/work-reports/draft?kind=daily&date={WEDNESDAY}").json()
    assert [section["key"] for section in draft["layout"]["sections"]] == ["summary", "customer_feedback"]
    assert draft["layout"]["figures"] == ["follow_ups", "visits"]
    sub_team = org_actions.create_department(actor=org.root, name="上海一组", parent_id=org.team.pk)
    nested = make_user(org.root, "rep_nested", sub_team, "sales_rep")
    client = org.client("anonymous")
    client.force_login(nested)
    nested_draft = client.get(f"{V1}/work-reports/draft?kind=daily&date={WEDNESDAY}").json()
    assert nested_draft["layout"]["figures"] == ["follow_ups", "visits"]
    other = org.client("other_team").get(f"{V1}/work-reports/draft?kind=daily&date={WEDNESDAY}").json()
    assert [section["key"] for section in other["layout"]["sections"]] == ["summary", "plan", "problems"]
    weekly = org.client("own").get(f"{V1}/work-reports/draft?kind=weekly&date={WEDNESDAY}").json()
    assert weekly["layout"]["sections"][0]["label"] == "本周总结"


def test_extra_sections_are_saved_and_required_ones_checked_on_submit(org: Org) -> None:
    _team_template(org)
    client = org.client("own")
    day = {"kind": "daily", "date": str(WEDNESDAY)}
    assert put(client, {**day, "sections": {"nonsense": "x"}}).status_code == 422
    saved = put(client, {**day, "summary": "总结"}).json()
    refused = post(client, f"/work-reports/{saved['id']}/submit", {"version": saved["version"]})
    assert refused.status_code == 422 and set(refused.json()["fields"]) == {"sections.customer_feedback"}
    updated = put(client, {**day, "version": saved["version"], "sections": {"customer_feedback": "希望降价"}})
    assert updated.json()["sections"] == {"customer_feedback": "希望降价"}
    done = post(client, f"/work-reports/{saved['id']}/submit", {"version": updated.json()["version"]})
    assert done.status_code == 200


def test_a_submitted_report_keeps_the_layout_it_was_submitted_with(org: Org) -> None:
    template = _team_template(org, kind="weekly")
    client = org.client("own")
    saved = put(
        client, {"kind": "weekly", "date": str(WEDNESDAY), "summary": "周总结", "sections": {"customer_feedback": "好"}}
    ).json()
    report = post(client, f"/work-reports/{saved['id']}/submit", {"version": saved["version"]}).json()
    edited = patch(
        org.client("admin"),
        f"/report-templates/{template['id']}",
        {"version": template["version"], "figures": ["won_amount"], "sections": [SECTIONS[0]]},
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    again = client.get(f"{V1}/work-reports/{report['id']}").json()
    assert again["layout"]["figures"] == ["follow_ups", "visits"]
    assert [section["key"] for section in again["layout"]["sections"]] == ["summary", "customer_feedback"]
    assert client.get(f"{V1}/work-reports/draft?kind=weekly&date=2026-03-11").json()["layout"]["figures"] == [
        "won_amount"
    ]


def test_template_validation_conflicts_and_deletion(org: Org) -> None:
    admin = org.client("admin")
    template = _team_template(org)
    base = {"kind": "daily", "department_id": org.team.pk, "name": "x", "sections": SECTIONS, "figures": []}
    assert post(admin, "/report-templates", base).status_code == 409
    assert post(admin, "/report-templates", {**base, "department_id": None}).status_code == 409
    bad_figure = post(admin, "/report-templates", {**base, "department_id": org.other_team.pk, "figures": ["sales"]})
    assert bad_figure.status_code == 422 and "figures" in bad_figure.json()["fields"]
    duplicate = [SECTIONS[0], SECTIONS[0]]
    bad_sections = post(admin, "/report-templates", {**base, "department_id": org.other_team.pk, "sections": duplicate})
    assert bad_sections.status_code == 422 and "sections.1.key" in bad_sections.json()["fields"]
    bad_key = [{"key": "Bad Key", "label": "x"}]
    assert (
        post(admin, "/report-templates", {**base, "department_id": org.hq.pk, "sections": bad_key}).status_code == 422
    )
    stale = patch(admin, f"/report-templates/{template['id']}", {"version": 7, "name": "改名"})
    assert stale.status_code == 409 and stale.json()["current"]["name"] == "上海组日报"
    default = ReportTemplate.objects.get(kind="daily", department__isnull=True)
    assert admin.delete(f"{V1}/report-templates/{default.pk}").status_code == 409
    assert admin.delete(f"{V1}/report-templates/{template['id']}").status_code == 204
    assert org.client("supervisor").delete(f"{V1}/report-templates/{default.pk}").status_code == 403
