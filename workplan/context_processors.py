from workplan import roles


def user_roles(request):
    """Role flags for templates (menus, badges); the views check roles themselves."""
    user = request.user
    return {
        "is_secretariat": roles.is_secretariat(user),
        "is_committee": roles.is_committee(user),
        "is_nfp": roles.is_nfp(user),
    }
