"""Factories for people: a user and, with ``role=``, the assignment they act in."""

from __future__ import annotations

import factory

from gongye.accounts.models import RoleAssignment, User
from gongye.core.roles import Role
from gongye.orgs.models import Region

PASSWORD = "Persona#Pass2022"


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(role=Role.LIAISON, role__unit=kfq)`` acts as 开发区's liaison."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    home_region = factory.LazyFunction(lambda: Region.objects.get(code="341525"))
    is_demo = True
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create: bool, role: Role | None, **kwargs: object) -> None:
        if create and role:
            unit = kwargs.get("unit")
            RoleAssignment.objects.create(
                user=self, role=role, region=getattr(unit, "region", self.home_region), unit=unit
            )
