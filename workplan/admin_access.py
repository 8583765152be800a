"""Who sees an admin page that holds personal data or a record of what was done: the
Secretariat only, whatever view permission a committee member or other staff holds."""

from workplan import roles


class SecretariatOnlyAdmin:
    """An admin (mixed in before ``admin.ModelAdmin``) the Secretariat alone sees, where
    nothing is added or deleted. ``secretariat_changes``: whether the Secretariat may change a
    row (an action's target); by default a record, viewed and never edited."""

    secretariat_changes = False

    def has_module_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return self.secretariat_changes and roles.is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return False
