"""The unified social credit code (统一社会信用代码, GB 32100-2015) and the organisation code
inside it (组织机构代码, GB 11714-1997).

A code is 18 characters: the registration authority (登记管理部门, 1 character), the kind of
organisation under that authority (机构类别, 1), the region where it registered (登记管理机关
行政区划码, 6 digits, GB/T 2260), the organisation code (9: eight body characters and GB 11714's
own check character) and the check character of the whole (1). The characters are the digits
and the capital letters without I, O, S, V and Z; the check character is computed modulo 31
with the weights the standard gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# GB 32100-2015, table 1: the 31 characters and their values (0–30)
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714-1997: eight body characters (digits and capital letters, A = 10 … Z = 35) weighted
# 3, 7, 9, 10, 5, 8, 4, 2; check = 11 − (sum mod 11), written X for 10 and 0 for 11
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015, annex A: registration authorities and the kinds of organisation each registers
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", {"1": ""}),
}


@dataclass(frozen=True)
class CodeProblem:
    """Why a code is not a valid unified social credit code, in words for the person who typed it."""

    message: str

    def __str__(self) -> str:
        return str(self.message)


def normalise(code: str) -> str:
    """What people type or paste: full-width characters, spaces and lower case are forgiven."""
    out = []
    for ch in str(code or "").strip():
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:  # full-width ASCII
            ch = chr(o - 0xFEE0)
        if not ch.isspace():
            out.append(ch.upper())
    return "".join(out)


def check_character(first17: str) -> str:
    """The 18th character for the first seventeen (GB 32100-2015, 5.2)."""
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def org_check_character(body8: str) -> str:
    """The ninth character of an organisation code for its first eight (GB 11714-1997)."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def problem(code: str) -> CodeProblem | None:
    """None for a valid code, else what is wrong with it (length, a character outside the set,
    an unknown authority or kind, the region part, the organisation code's check, the check
    character)."""
    if len(code) != 18:
        return CodeProblem(_("统一社会信用代码应为 18 位，此处为 %(n)d 位。") % {"n": len(code)})
    bad = [ch for ch in code if ch not in VALUES]
    if bad:
        return CodeProblem(
            _("统一社会信用代码含有不允许的字符“%(ch)s”（不使用 I、O、S、V、Z）。") % {"ch": bad[0]}
        )
    authority = AUTHORITIES.get(code[0])
    if authority is None:
        return CodeProblem(_("第 1 位登记管理部门代码“%(ch)s”不存在。") % {"ch": code[0]})
    if code[1] not in authority[1]:
        return CodeProblem(
            _("第 2 位机构类别代码“%(ch)s”不属于登记管理部门“%(auth)s”。")
            % {"ch": code[1], "auth": authority[0]}
        )
    if not code[2:8].isdigit():
        return CodeProblem(str(_("第 3–8 位应为 6 位数字的行政区划码。")))
    body, org_check = code[8:16], code[16]
    if not body.isalnum() or org_check not in "0123456789X":
        return CodeProblem(str(_("第 9–17 位组织机构代码格式不正确。")))
    if org_check_character(body) != org_check:
        return CodeProblem(
            _("第 9–17 位组织机构代码的校验码不正确（GB 11714），应为“%(ch)s”。")
            % {"ch": org_check_character(body)}
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        return CodeProblem(_("第 18 位校验码不正确（GB 32100），应为“%(ch)s”。") % {"ch": expected})
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def kind_of(code: str) -> str:
    """The registration authority and kind a valid code names (工商 · 企业), in the reader's
    language (the names of annex A are in the message catalogue)."""
    authority, kinds = AUTHORITIES[code[0]]
    kind = kinds.get(code[1], "")
    return f"{gettext(authority)} · {gettext(kind)}" if kind else gettext(authority)


def make(authority: str, kind: str, region: str, org_body: str) -> str:
    """A valid code from its parts (demo data and tests): the two check characters computed."""
    first17 = f"{authority}{kind}{region}{org_body}{org_check_character(org_body)}"
    return first17 + check_character(first17)
