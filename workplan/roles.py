"""The four roles as Django groups, and what each may do.

Groups and their permissions are created by a migration and kept in step after every
``migrate`` (new models of later apps get their permissions too).
"""

from django.utils.translation import gettext_lazy as _

SECRETARIAT = "Secretariat"
NFP = "National Focal Point"
STANDING_COMMITTEE = "Standing Committee"
SCIENTIFIC_COUNCIL = "Scientific Council"

# Those who read every country's submissions and the figures, and write none of them on the site.
READERS = (SECRETARIAT, STANDING_COMMITTEE, SCIENTIFIC_COUNCIL)

ROLE_CHOICES = {
    "secretariat": SECRETARIAT,
    "nfp": NFP,
    "stc": STANDING_COMMITTEE,
    "scc": SCIENTIFIC_COUNCIL,
}
ROLE_LABELS = {
    SECRETARIAT: _("Secretariat"),
    NFP: _("National Focal Point"),
    STANDING_COMMITTEE: _("Standing Committee"),
    SCIENTIFIC_COUNCIL: _("Scientific Council"),
}

# The apps of the project: their models get role permissions, and a write to one invalidates the
# cached figures (workplan.cache).
PROJECT_APPS = ("workplan", "needs", "handbook", "evaluation")
# The outbox too: its bodies hold trainees' names and answer links, and password-reset links.
PERSONAL_DATA_VIEWS = ("view_nomination", "view_invitation", "view_outboxmessage")
# Staff keep these too: the users and focal points they manage.
SECRETARIAT_EXTRA = {("auth", "user"), ("auth", "group")}


def role_permissions(group_name, permission_model):
    """The permission rows a group should hold, from the permission table given."""
    perms = permission_model.objects.filter(content_type__app_label__in=PROJECT_APPS)
    if group_name == SECRETARIAT:
        extra = permission_model.objects.filter(
            content_type__app_label="auth", codename__in=["view_user", "add_user", "change_user"]
        )
        return list(perms) + list(extra)
    if group_name in (STANDING_COMMITTEE, SCIENTIFIC_COUNCIL):
        # Trainees' names and who answered what are personal data: counts only for them.
        return list(
            perms.filter(codename__startswith="view_").exclude(codename__in=PERSONAL_DATA_VIEWS)
        )
    return []


def sync_roles(group_model, permission_model):
    """Create the groups and give each exactly its permissions. Idempotent."""
    for name in (SECRETARIAT, NFP, STANDING_COMMITTEE, SCIENTIFIC_COUNCIL):
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(role_permissions(name, permission_model))


def user_roles(user):
    """The role names of a user, read once per request and cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_cms_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._cms_roles = cached
    return cached


def has_role(user, allowed):
    """True when the user holds one of the ``allowed`` role names (superusers always do)."""
    return user.is_authenticated and (user.is_superuser or bool(set(allowed) & user_roles(user)))


def is_secretariat(user):
    return user.is_authenticated and (user.is_superuser or SECRETARIAT in user_roles(user))


def is_committee(user):
    return bool({STANDING_COMMITTEE, SCIENTIFIC_COUNCIL} & user_roles(user))


def is_nfp(user):
    return NFP in user_roles(user)
