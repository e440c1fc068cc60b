"""The monthly figures' foreign keys (``gongye.enterprises.figure_keys``): SQLite keeps its own
constraints; PostgreSQL checks them once per statement, refuses a dangling key on insert and
update and the deletion of a referenced row, and a deletion waits for a writer of figures."""

from __future__ import annotations

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from gongye.accounts.models import User
from gongye.enterprises import figure_keys
from gongye.enterprises.choices import FigureSource
from gongye.enterprises.models import FigureImport, MonthlyFigure
from gongye.orgs.models import Region
from tests.enterprises.factories import EnterpriseFactory, MonthlyFigureFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's per-statement checks"
)
MISSING = 987654321


def _table_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
            ["enterprises_figure_keys%"],
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_every_key_of_the_table_is_enforced_by_one_mechanism():
    native = set(figure_keys.native_keys(connection))
    columns = {column for column, _table, _nullable in figure_keys.KEYS}
    assert columns == {f.column for f in MonthlyFigure._meta.concrete_fields if f.is_relation}, (
        "every foreign key of the model is listed"
    )
    if connection.vendor == "sqlite":
        assert native == columns
    else:
        # a migration that altered one of these fields would bring its row-by-row check back
        assert native & columns == set()
        assert _table_triggers() == {
            "enterprises_figure_keys_check_insert",
            "enterprises_figure_keys_check_update",
            *(f"enterprises_figure_keys_guard_{column}" for column in columns),
        }


@on_postgres
@pytest.mark.django_db
@pytest.mark.parametrize("column", ["enterprise_id", "region_id", "batch_id", "entered_by_id"])
def test_a_missing_key_is_refused_on_insert_and_on_update(org, column):
    figure = MonthlyFigureFactory()
    enterprise = EnterpriseFactory()
    fields = {
        "enterprise_id": enterprise.pk,
        "region_id": enterprise.region_id,
        "year": 2022,
        "month": 7,
        "source": FigureSource.BUREAU,
    }
    with pytest.raises(IntegrityError, match=column), transaction.atomic():
        MonthlyFigure.objects.create(**{**fields, column: MISSING})
    with pytest.raises(IntegrityError, match=column), transaction.atomic():
        MonthlyFigure.objects.filter(pk=figure.pk).update(**{column: MISSING})
    MonthlyFigure.objects.create(**fields)  # present keys pass
    assert MonthlyFigure.objects.count() == 2


def _delete(table: str, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608 - tests' own


@on_postgres
@pytest.mark.django_db
def test_a_referenced_row_cannot_be_deleted_behind_django(org):
    other = Region.objects.create(
        code="341599", name="测试县", level="county", parent=Region.objects.get(code="341500")
    )
    user = User.objects.create_user(username="filer", password="x", display_name="填报人")
    batch = FigureImport.objects.create(
        region=other, year=2022, month=6, file_name="a.xlsx", sha256="0" * 64
    )
    figure = MonthlyFigureFactory(region=other, batch=batch, entered_by=user)
    for table, pk, column in (
        ("enterprises_enterprise", figure.enterprise_id, "enterprise_id"),
        ("orgs_region", other.pk, "region_id"),
        ("enterprises_figureimport", batch.pk, "batch_id"),
        ("accounts_user", user.pk, "entered_by_id"),
    ):
        with pytest.raises(IntegrityError, match=column), transaction.atomic():
            _delete(table, pk)
    # Django's own on_delete still works: the batch detached, the enterprise's figures deleted
    batch.delete()
    figure.refresh_from_db()
    assert figure.batch_id is None
    figure.enterprise.delete()
    assert not MonthlyFigure.objects.filter(pk=figure.pk).exists()
    _delete("accounts_user", user.pk)  # no longer referenced
    assert not User.objects.filter(pk=user.pk).exists()


def _other_connection() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
    )


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_deletion_waits_for_a_writer_of_figures_and_then_sees_its_rows(
    audit_guards_lifted_for_flush, org
):
    """Without the lock the deletion would check the figures before the writer commits, find
    none, and leave the writer's figure pointing at nothing."""
    enterprise = EnterpriseFactory()
    writer, deleter = _other_connection(), _other_connection()
    try:
        writer.execute(
            "INSERT INTO enterprises_monthlyfigure (enterprise_id, region_id, year, month, "
            "source, updated_at) VALUES (%s, %s, 2022, 6, 'bureau', now())",
            [enterprise.pk, enterprise.region_id],
        )  # written and checked, not committed
        deleter.execute("SET lock_timeout = '300ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            deleter.execute("DELETE FROM enterprises_enterprise WHERE id = %s", [enterprise.pk])
        deleter.rollback()
        writer.commit()
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            deleter.execute("DELETE FROM enterprises_enterprise WHERE id = %s", [enterprise.pk])
        deleter.rollback()
        # and the other way round: a writer waits for a deletion, then finds the row gone
        other = EnterpriseFactory()
        deleter.execute("DELETE FROM enterprises_enterprise WHERE id = %s", [other.pk])
        writer.execute("SET lock_timeout = '300ms'")
        insert = (
            "INSERT INTO enterprises_monthlyfigure (enterprise_id, region_id, year, month, "
            "source, updated_at) VALUES (%s, %s, 2022, 7, 'bureau', now())"
        )
        with pytest.raises(psycopg.errors.LockNotAvailable):
            writer.execute(insert, [other.pk, other.region_id])
        writer.rollback()
        deleter.commit()
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            writer.execute(insert, [other.pk, other.region_id])
        writer.rollback()
    finally:
        writer.close()
        deleter.close()
    assert MonthlyFigure.objects.filter(enterprise=enterprise).count() == 1


@on_postgres
@pytest.mark.django_db
def test_remove_brings_the_constraints_back_and_install_takes_them_away():
    columns = {column for column, _table, _nullable in figure_keys.KEYS}
    figure_keys.remove(connection)
    try:
        assert set(figure_keys.native_keys(connection)) == columns
        assert _table_triggers() == set()
    finally:
        figure_keys.install(connection)
    assert set(figure_keys.native_keys(connection)) & columns == set()
    assert len(_table_triggers()) == 6
