"""The option lists every installation starts with; admins may rename, reorder or add to them."""

from typing import Any

# kind → [(code, 中文, English, colour)]
SEED_OPTIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "level": [
        ("key", "重点客户", "Key", "#F56C6C"),
        ("a", "A 类", "A", "#E6A23C"),
        ("b", "B 类", "B", "#409EFF"),
        ("c", "C 类", "C", "#909399"),
    ],
    "stage": [
        ("prospect", "潜在", "Prospect", "#909399"),
        ("intent", "意向", "Interested", "#409EFF"),
        ("won", "成交", "Customer", "#67C23A"),
        ("repeat", "复购", "Repeat", "#E6A23C"),
        ("churned", "流失", "Churned", "#F56C6C"),
    ],
    "industry": [
        ("it", "信息技术", "Information technology", ""),
        ("manufacturing", "制造业", "Manufacturing", ""),
        ("finance", "金融", "Finance", ""),
        ("retail", "批发零售", "Wholesale and retail", ""),
        ("real_estate", "房地产", "Real estate", ""),
        ("healthcare", "医疗健康", "Healthcare", ""),
        ("education", "教育", "Education", ""),
        ("energy", "能源", "Energy", ""),
        ("logistics", "交通物流", "Logistics", ""),
        ("government", "政府及公共事业", "Government", ""),
        ("other", "其他", "Other", ""),
    ],
    "source": [
        ("web", "官网表单", "Web form", ""),
        ("phone", "电话/400", "Phone", ""),
        ("email", "邮件", "Email", ""),
        ("wechat", "微信", "WeChat", ""),
        ("exhibition", "展会", "Exhibition", ""),
        ("referral", "转介绍", "Referral", ""),
        ("advertising", "广告", "Advertising", ""),
        ("import", "导入", "Import", ""),
        ("other", "其他", "Other", ""),
    ],
    "decision_role": [
        ("decision_maker", "决策人", "Decision maker", ""),
        ("influencer", "影响者", "Influencer", ""),
        ("user", "使用者", "User", ""),
        ("gatekeeper", "把关者", "Gatekeeper", ""),
        ("other", "其他", "Other", ""),
    ],
}


def seed_options(option_model: Any) -> None:
    """Create the seeded options that do not exist yet (never overwrite an admin's edits)."""
    for kind, options in SEED_OPTIONS.items():
        for position, (code, label, label_en, color) in enumerate(options):
            option_model.objects.get_or_create(
                kind=kind,
                code=code,
                defaults={"label": label, "label_en": label_en, "color": color, "position": position},
            )
