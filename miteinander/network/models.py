"""The town's actors: the foundation keeps what roles need; the registry issue adds the rest."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from miteinander.core.models import MunicipalityScopedModel


class Organisation(MunicipalityScopedModel):
    """An actor of the town's network (association, school, administration unit, ...)."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_organisation_name_per_town"
            )
        ]

    def __str__(self):
        return self.name
