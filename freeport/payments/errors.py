"""Payment errors: a stable `code` for the API and logs, a message in the shopper's language."""


class PaymentError(Exception):
    """A request the payments cannot honour; nothing was changed."""

    def __init__(self, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.code, self.field = code, field
