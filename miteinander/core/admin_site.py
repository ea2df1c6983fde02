from allauth.account.decorators import secure_admin_login
from django.contrib import admin


class PlatformAdminSite(admin.AdminSite):
    site_header = "Miteinander"
    site_title = "Miteinander"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        # The admin's own login form would skip two-factor; allauth's login asks for it.
        return secure_admin_login(super().login)(request, extra_context)
