"""What ``GET /docs`` shows of the OpenAPI schema: each operation's parameters and
body fields with what they accept, and its answers with their meaning.

Rendered by ``templates/api_docs.html`` from the app's own schema (no CDN).
"""

from __future__ import annotations

from typing import Any

__all__ = ["docs_context"]

Schema = dict[str, Any]


def docs_context(schema: Schema) -> dict[str, Any]:
    """The template context: the schema and its operations, ready to print."""
    components = schema.get("components", {}).get("schemas", {})
    operations = [
        _operation(method, path, operation, components)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return {"schema": schema, "operations": operations}


def _operation(
    method: str, path: str, operation: Schema, components: Schema
) -> dict[str, Any]:
    parameters = [
        {
            "name": item["name"],
            "in": item["in"],
            "required": item.get("required", False),
            "accepts": accepts(item.get("schema", {}), components),
            "description": item.get("description", ""),
        }
        for item in operation.get("parameters", [])
    ]
    return {
        **operation,
        "method": method.upper(),
        "path": path,
        "parameters": parameters,
        "body": _body(operation.get("requestBody"), components),
        "answers": _answers(operation.get("responses", {})),
    }


def _body(body: Schema | None, components: Schema) -> dict[str, Any] | None:
    if not body:
        return None
    media_type, content = next(iter(body["content"].items()))
    target = _resolve(content.get("schema", {}), components)
    required = set(target.get("required", ()))
    fields = [
        {
            "name": name,
            "required": name in required,
            "accepts": accepts(field, components),
            "description": field.get("description", ""),
        }
        for name, field in target.get("properties", {}).items()
    ]
    return {
        "media_type": media_type,
        "model": _ref_name(content.get("schema", {})) or accepts(target, components),
        "fields": fields,
    }


def _answers(responses: Schema) -> list[dict[str, str]]:
    rows = []
    for status, answer in sorted(responses.items()):
        content = answer.get("content", {})
        kinds = [
            _ref_name(value.get("schema", {})) or media_type
            for media_type, value in content.items()
        ]
        rows.append(
            {
                "status": status,
                "description": answer.get("description", ""),
                "content": ", ".join(kind for kind in kinds if kind),
            }
        )
    return rows


def accepts(schema: Schema, components: Schema) -> str:
    """What a JSON schema accepts, in a few words (``integer 1-10000``,
    ``one of kg, lb``, ``list of SetIn``); ``or null`` for an optional value."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:  # limits may sit beside the options (a value or null)
        words = [accepts(option, components) for option in options]
        text = " or ".join(word for word in words if word)
        limits = _limits(schema)
        return f"{text}; {limits}" if limits else text
    name = _ref_name(schema)
    if name:
        return name
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "")
    if kind == "array":
        return f"list of {accepts(schema.get('items', {}), components)}".strip()
    return " ".join(
        part for part in (_format_of(schema, kind), _limits(schema)) if part
    )


def _format_of(schema: Schema, kind: str) -> str:
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt and fmt != "binary" else str(kind or "")


def _limits(schema: Schema) -> str:
    parts = [_range(schema)]
    if "multipleOf" in schema:
        parts.append(f"in steps of {_number(schema['multipleOf'])}")
    if "maxLength" in schema:
        parts.append(f"up to {schema['maxLength']} characters")
    if "pattern" in schema:
        parts.append(f"like {schema['pattern']}")
    return ", ".join(part for part in parts if part)


def _range(schema: Schema) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"{_number(low)}-{_number(high)}"
    if low is not None:
        return f"at least {_number(low)}"
    if "exclusiveMinimum" in schema:
        return f"above {_number(schema['exclusiveMinimum'])}"
    return f"at most {_number(high)}" if high is not None else ""


def _number(value: float) -> str:
    whole = isinstance(value, int) or float(value).is_integer()
    return str(int(value)) if whole else f"{value:g}"


def _ref_name(schema: Schema) -> str:
    reference = schema.get("$ref", "")
    return reference.rsplit("/", 1)[-1] if isinstance(reference, str) else ""


def _resolve(schema: Schema, components: Schema) -> Schema:
    name = _ref_name(schema)
    return components.get(name, {}) if name else schema
