"""Chains the entries written before the hash chain, in id order, and starts the chain head.

The append-only guards are lifted for this one step (the rows gain their hashes through an
UPDATE) and put back, with the new ones, by 0006."""

from django.db import migrations


def chain_existing(apps, schema_editor):
    from gongye.audit import chain, guards

    guards.remove(schema_editor.connection)
    entry_model = apps.get_model("audit", "AuditEntry")
    head_model = apps.get_model("audit", "AuditChainHead")
    prev_hash = chain.GENESIS
    count = 0
    last_id = None
    rows = entry_model.objects.order_by("id").values("id", *chain.FIELDS).iterator(chunk_size=2000)
    for row in rows:
        digest = chain.entry_hash(row, prev_hash)
        # the historical model's queryset is Django's own (no append-only refusal)
        entry_model.objects.filter(pk=row["id"]).update(prev_hash=prev_hash, hash=digest)
        prev_hash, last_id, count = digest, row["id"], count + 1
    head_model.objects.update_or_create(
        pk=chain.HEAD_ID,
        defaults={
            "last_entry_id": last_id,
            "last_hash": prev_hash if count else "",
            "count": count,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_chain")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
