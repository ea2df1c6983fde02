"""View guards shared by every app's workspace views."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def town_permission_required(perm: str):
    """Let a view run only for someone holding `perm` on `request.municipality`.

    Anonymous visitors are sent to the login page. Logged-in people without the permission get
    404, the same answer as for a town or object that does not exist, so nothing leaks.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm, request.municipality):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator
