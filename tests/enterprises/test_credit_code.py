"""The unified social credit code: valid codes of every registration authority and kind, and
each way a code can be wrong (GB 32100-2015, GB 11714-1997)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongye.enterprises import credit_code
from gongye.enterprises.models.register import validate_credit_code

# codes published by the enterprises themselves (business licences shown on their sites)
PUBLISHED = [
    "91350100M000100Y43",  # the standard's own example
    "91330100716105852F",
    "9144030071526726XG",
    "914403001922038216",
    "91110000600037341L",
]

EVERY_KIND = [
    (authority, kind)
    for authority, (_name, kinds) in credit_code.AUTHORITIES.items()
    for kind in kinds
]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code):
    assert credit_code.problem(code) is None


@pytest.mark.parametrize(("authority", "kind"), EVERY_KIND)
def test_a_code_of_every_authority_and_kind_is_valid(authority, kind):
    code = credit_code.make(authority, kind, "341525", "MA2N0K7D")
    assert len(code) == 18
    assert credit_code.problem(code) is None
    assert credit_code.kind_of(code).startswith(credit_code.AUTHORITIES[authority][0])


def test_the_check_characters_are_the_standards():
    # GB 11714: 71610585 → 2 (阿里巴巴(中国)有限公司's organisation code 716105852)
    assert credit_code.org_check_character("71610585") == "2"
    # a body whose remainder gives 10 is written X (腾讯: 71526726X)
    assert credit_code.org_check_character("71526726") == "X"
    assert credit_code.check_character("91330100716105852") == "F"


def test_typed_codes_are_normalised_before_checking():
    assert credit_code.normalise(" ９１３３０１００７１６１０５８５２ｆ ") == "91330100716105852F"


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("9133010071610585", "18 位"),  # too short
        ("91330100716105852F0", "18 位"),  # too long
        ("91330100716105852I", "不允许的字符"),  # I is not used
        ("9133010O716105852F", "不允许的字符"),  # O is not used
        ("B1330100716105852F", "登记管理部门"),  # no authority B
        ("94330100716105852F", "机构类别"),  # 工商 has no kind 4
        ("913301A0716105852F", "行政区划码"),
        ("91330100716105853F", "组织机构代码的校验码"),  # GB 11714 check wrong
        ("91330100716105852G", "第 18 位校验码"),  # GB 32100 check wrong
    ],
)
def test_each_kind_of_wrong_code_is_named(code, says):
    found = credit_code.problem(code)
    assert found is not None
    assert says in str(found)


def test_one_changed_character_is_always_caught():
    code = "91330100716105852F"
    for i in range(18):
        for ch in credit_code.CHARSET:
            if ch != code[i]:
                changed = code[:i] + ch + code[i + 1 :]
                assert credit_code.problem(changed) is not None, changed


def test_the_model_field_refuses_a_bad_code():
    validate_credit_code("91330100716105852F")
    with pytest.raises(ValidationError, match="校验码"):
        validate_credit_code("91330100716105852G")
