"""Who a customer is: the unified social credit code and the company-name key used to find duplicates."""

import re

from chengdan.core import regions
from chengdan.core.cleaning import CleaningError, parse_text
from chengdan.core.textnorm import to_halfwidth

# GB 32100-2015: 18 characters from this set (no I, O, S, V, Z); the value of a character is its index.
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUES = {character: value for value, character in enumerate(CREDIT_CODE_CHARACTERS)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997 organisation code (positions 9–17): letters count from A = 10, check digit 0–9 or X.
_ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_NOISE = re.compile(r"[\s\-]+")

# The match starting earliest wins, so 集团股份有限公司 goes in one step; 分公司 is guarded in
# _strip_legal_forms because it ends in 公司.
_CHINESE_LEGAL_FORMS = re.compile(
    r"(?:集团股份有限公司|集团有限责任公司|集团有限公司|股份有限公司|有限责任公司|股份公司|有限公司|总公司|集团|公司)$"
)
_ENGLISH_LEGAL_FORMS = frozenset(
    {"co", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "llc", "group", "company"}
)
_BRANCH = "分公司"
_BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_NON_WORD = re.compile(r"[\W_]+")


def _credit_code_error(value: object, zh_reason: str, en_reason: str) -> CleaningError:
    return CleaningError.localized(
        "customer.invalid_credit_code",
        f"统一社会信用代码无效（{zh_reason}）：{value!s}",
        f"Invalid unified social credit code ({en_reason}): {value!s}",
    )


def _organisation_check(body: str) -> str:
    total = sum(
        (int(char) if char.isdigit() else ord(char) - 55) * w
        for char, w in zip(body, _ORGANISATION_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def _credit_check(body: str) -> str:
    total = sum(_CREDIT_VALUES[char] * weight for char, weight in zip(body, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARACTERS[-total % 31]


def normalise_credit_code(value: object) -> str:
    """The 18-character unified social credit code, uppercase, checked per GB 32100-2015; else CleaningError.

    Both check characters are verified: the organisation code's (position 17, GB 11714) and the
    code's own (position 18). Known exception: some codes issued in 厦门 before 2016 do not satisfy
    the standard's check; they are refused like any other mistyped code.
    """
    code = _CREDIT_NOISE.sub("", to_halfwidth(parse_text(value))).upper()
    if len(code) != 18:
        raise _credit_code_error(value, f"应为 18 位，实际 {len(code)} 位", f"18 characters expected, got {len(code)}")
    invalid = sorted({char for char in code if char not in _CREDIT_VALUES})
    if invalid:
        shown = " ".join(invalid)
        raise _credit_code_error(
            value,
            f"含有不允许的字符 {shown}（不使用 I、O、S、V、Z）",
            f"characters not allowed: {shown} (I O S V Z are never used)",
        )
    if not code[2:8].isdigit():
        raise _credit_code_error(value, "第 3–8 位应为行政区划代码数字", "positions 3–8 must be a division code")
    if _organisation_check(code[8:16]) != code[16]:
        raise _credit_code_error(
            value,
            "第 9–17 位组织机构代码的校验位不符",
            "check digit of the organisation code (positions 9–17) is wrong",
        )
    if _credit_check(code[:17]) != code[17]:
        raise _credit_code_error(value, "最后一位校验码不符", "the final check character is wrong")
    return code


def _drop_region(match: re.Match[str]) -> str:
    inner = match[1] if match[1] is not None else match[2]
    # 华为技术（深圳）有限公司 and 华为技术有限公司 are one customer for dedupe; (集团) stays as a word.
    return " " if _NON_WORD.sub("", inner) in regions.region_names() else f" {inner} "


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    while tokens:
        last = tokens[-1]
        if last.endswith(_BRANCH):
            # A branch (分公司) signs its own contracts: it is a customer of its own, not a duplicate.
            break
        if last in _ENGLISH_LEGAL_FORMS:
            tokens.pop()
            continue
        stripped = _CHINESE_LEGAL_FORMS.sub("", last)
        if stripped == last:
            break
        if stripped:
            tokens[-1] = stripped
        else:
            tokens.pop()
    return tokens


def normalise_company_name(name: str) -> str:
    """The duplicate-detection key: half-width, lowercase, no punctuation, bracketed regions or legal forms.

    中国平安保险（集团）股份有限公司 → 中国平安保险; Huawei Technologies Co., Ltd. → huaweitechnologies.
    Names that are nothing but a legal form keep it (有限公司 → 有限公司); a name without any letter
    or digit gives "". 分公司 ends the stripping: a branch is a separate customer.
    """
    text = to_halfwidth(name).lower()
    whole = _NON_WORD.sub("", text)
    if not whole:
        return ""
    tokens = [token for token in _NON_WORD.split(_BRACKETED.sub(_drop_region, text)) if token]
    return "".join(_strip_legal_forms(tokens)) or whole


def candidate_bigrams(name: str) -> set[str]:
    """Character bigrams of a normalised name (a one-character name is its own bigram), for blocking."""
    if len(name) < 2:
        return {name} if name else set()
    return {name[index : index + 2] for index in range(len(name) - 1)}


def name_similarity(a: str, b: str) -> float:
    """Dice coefficient of the bigram sets of two normalised names: 1.0 same bigrams, 0.0 none shared."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    first, second = candidate_bigrams(a), candidate_bigrams(b)
    return 2 * len(first & second) / (len(first) + len(second))
