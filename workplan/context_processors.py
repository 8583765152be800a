from workplan import roles
from workplan.access import can_read_all_countries


def user_roles(request):
    """Role flags for templates (menus, badges); the views check roles themselves."""
    user = request.user
    return {
        "is_secretariat": roles.is_secretariat(user),
        "is_committee": roles.is_committee(user),
        "is_nfp": roles.is_nfp(user),
        "reads_all_countries": can_read_all_countries(user),
    }
