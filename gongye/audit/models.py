from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import VERB_MAX_LENGTH, verb_label


class AuditEntryQuerySet(models.QuerySet):
    """Append-only: no bulk update or delete through the ORM either."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError(_("审计日志只能追加，不能修改。"))

    def delete(self) -> NoReturn:
        raise AuditImmutableError(_("审计日志只能追加，不能删除。"))


class AuditImmutableError(Exception):
    pass


class AuditEntry(models.Model):
    """One line of the audit log (审计日志): who did what to which object, when and from where.

    Written by services in the same transaction as the change. Append-only: the model refuses
    updates and deletes, and database triggers (see the migrations) refuse them too.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    # one catalogue of verbs (``audit.choices.verb_catalogue``: the generic ``Verb`` and each
    # app's business verbs); not ``choices=`` on the column, so an app adding a verb needs no
    # migration of this append-only table
    verb = models.CharField(_("操作"), max_length=VERB_MAX_LENGTH, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    parent_type = models.CharField(_("上级对象类型"), max_length=100, blank=True)
    parent_id = models.CharField(_("上级对象编号"), max_length=64, blank=True)
    parent_repr = models.CharField(_("上级对象"), max_length=300, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    request_id = models.CharField(_("请求或任务编号"), max_length=64, blank=True, db_index=True)
    channel = models.CharField(_("渠道"), max_length=16, blank=True)
    # the hash chain (``gongye.audit.chain``): SHA-256 over this entry's fields and the hash of
    # the entry before it, so an edited, removed or forged entry breaks the chain
    prev_hash = models.CharField(_("上一条哈希"), max_length=64, blank=True, default="")
    hash = models.CharField(_("哈希"), max_length=64, blank=True, default="")

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.verb_label} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError(_("审计日志只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError(_("审计日志只能追加，不能删除。"))

    @property
    def verb_label(self) -> str:
        return verb_label(self.verb)


class AuditChainHead(models.Model):
    """The head of the audit log's hash chain (审计链头): the last entry's id and hash and how
    many entries the chain holds. One row (id 1), locked by every append so that two writers
    never chain onto the same entry; ``audit_verify`` compares it with the log's tail."""

    last_entry_id = models.BigIntegerField(_("最后一条编号"), null=True, blank=True)
    last_hash = models.CharField(_("最后一条哈希"), max_length=64, blank=True, default="")
    count = models.BigIntegerField(_("条数"), default=0)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"{self.count} · {self.last_hash[:12]}"


class AuditAnchorQuerySet(models.QuerySet):
    """Append-only like the log it anchors."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError(_("审计锚点只能追加，不能修改。"))

    def delete(self) -> NoReturn:
        raise AuditImmutableError(_("审计锚点只能追加，不能删除。"))


class AuditAnchor(models.Model):
    """A daily anchor of the audit chain (审计锚点): the head (entry id, hash, count) as it was
    at ``at``, with the verification run just before it. Also written to the application log,
    so cutting off the log's tail (and its head) is still detected against an earlier anchor."""

    at = models.DateTimeField(_("时间"), default=timezone.now)
    entry_id = models.BigIntegerField(_("链头条目编号"), null=True, blank=True)
    entry_hash = models.CharField(_("链头哈希"), max_length=64, blank=True)
    count = models.BigIntegerField(_("条数"), default=0)
    verified = models.BooleanField(_("校验通过"), default=False)
    problem = models.TextField(_("校验发现的问题"), blank=True)

    objects = AuditAnchorQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计锚点")
        verbose_name_plural = _("审计锚点")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.count} · {self.entry_hash[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError(_("审计锚点只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError(_("审计锚点只能追加，不能删除。"))
