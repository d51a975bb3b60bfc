"""One JSON error shape for the whole API: {"code", "message", "errors": [{"field", "reason"}]}."""

from ninja.errors import ValidationError

# ninja prefixes parameter locations with where they came from and the argument name.
_LOCATIONS = {"query", "body", "path", "header", "cookie", "form", "file"}


def error_body(code: str, message: str, errors: list[dict] | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or []}


def field_name(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
        # Query/body schemas are passed as one argument (e.g. "filters"); drop its name.
        if len(parts) > 1 and parts[0] in {"filters", "payload"}:
            parts = parts[1:]
    return ".".join(parts) or "-"


def validation_errors(exc: ValidationError) -> list[dict]:
    out = []
    for err in exc.errors:
        reason = err.get("msg", "invalid").removeprefix("Value error, ")
        out.append({"field": field_name(err.get("loc", ())), "reason": reason})
    return out
