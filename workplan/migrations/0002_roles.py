from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from workplan.roles import sync_roles

    # Permissions are normally created after migrate ends; create them now so the groups
    # get theirs on the very first migrate.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    from workplan import roles

    apps.get_model("auth", "Group").objects.filter(
        name__in=[roles.SECRETARIAT, roles.NFP, roles.STANDING_COMMITTEE, roles.SCIENTIFIC_COUNCIL]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workplan", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
