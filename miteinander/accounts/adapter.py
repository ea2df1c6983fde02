from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by a town's coordination (an invitation), not by signing up."""

    def is_open_for_signup(self, request):
        return False
