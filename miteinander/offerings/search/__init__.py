"""Full-text search over offerings (being written)."""


def offering_index(offering) -> None:
    pass


def offering_forget(offering) -> None:
    pass
