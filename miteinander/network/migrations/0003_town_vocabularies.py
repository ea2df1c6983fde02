"""Give every existing town the default fields of work and target groups (new towns get them
from municipalities.setup). The lists are frozen here as they were when this ran."""

from django.db import migrations

FIELDS_OF_WORK = [
    "Soziales", "Integration", "Bürgerschaftliches Engagement", "Bildung", "Arbeit",
    "Religion", "Jugend", "Senioren", "Kultur", "Sport", "Gesundheit", "Wirtschaft",
]  # fmt: skip
TARGET_GROUPS = [
    "Kinder", "Jugendliche", "Familien", "Frauen", "Senioren", "Geflüchtete",
    "Drittstaatsangehörige", "Neuzugewanderte", "Menschen mit Behinderung",
    "Arbeitsuchende", "Ehrenamtliche", "Alle Einwohnerinnen und Einwohner",
]  # fmt: skip


def seed(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    for model_name, names in (("FieldOfWork", FIELDS_OF_WORK), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("network", model_name)
        for town in Municipality.objects.all():
            existing = {
                n.casefold()
                for n in model.objects.filter(municipality=town).values_list("name", flat=True)
            }
            model.objects.bulk_create(
                model(municipality=town, name=name, position=position)
                for position, name in enumerate(names)
                if name.casefold() not in existing
            )


class Migration(migrations.Migration):
    dependencies = [("network", "0002_alliance_alliancemembership_contactperson_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
