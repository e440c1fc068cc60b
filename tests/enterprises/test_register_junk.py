"""No 500 on any input: junk and huge ids in the register's forms and filters."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
HUGE = "9" * 30


@pytest.mark.parametrize("value", [HUGE, "abc", "-1", "1.5", "²"])
def test_forms_take_junk_ids_without_500(plan_office, own_enterprise, value):
    client = Client()
    client.force_login(plan_office)
    pair = client.post(f"/enterprises/{own_enterprise.pk}/pair/", {"leader": value, "unit": value})
    assert pair.status_code == 200 and pair.context["form"].errors
    link = client.post(f"/enterprises/{own_enterprise.pk}/accounts/", {"user": value})
    assert link.status_code == 200 and link.context["form"].errors
    edit = client.post(
        f"/enterprises/{own_enterprise.pk}/edit/",
        {"credit_code": own_enterprise.credit_code, "name": "x", "township": value, "chain": value},
    )
    assert edit.status_code == 200 and edit.context["form"].errors
    listing = client.get("/enterprises/", {"township": value, "chain": value, "page": value})
    assert listing.status_code == 200
    assert client.get(f"/enterprises/{own_enterprise.pk}/", {"measure": value}).status_code == 200
    assert client.get(f"/enterprises/{HUGE}/").status_code == 404
    assert (
        client.post(f"/enterprises/{own_enterprise.pk}/accounts/{HUGE}/unlink/").status_code == 404
    )
