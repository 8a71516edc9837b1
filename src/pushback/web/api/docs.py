"""What ``GET /docs`` shows of the OpenAPI schema: each operation's parameters and
body fields with what they accept, and its answers with their meaning.

Rendered by ``templates/api_docs.html`` from the app's own schema (no CDN), in the
reader's language: the schema's descriptions are looked up in the catalog (they are
listed in ``api/_doc_words.py``), what a field accepts is said in words of the
catalog, and what is code (names, values, types, paths, ``quoted`` words of a
description) is shown as code.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from pushback.i18n import N_, gettext

__all__ = ["accepts", "accepts_words", "doc_text", "docs_context", "plain_text"]

#: Where a parameter is sent, as words.
PLACES: dict[str, str] = {
    "path": N_("path"),
    "query": N_("query"),
    "header": N_("header"),
    "cookie": N_("cookie"),
}

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
            "place": gettext(PLACES.get(item["in"], item["in"])),
            "required": item.get("required", False),
            "accepts": accepts_words(item.get("schema", {}), components),
            "description": doc_text(item.get("description", "")),
        }
        for item in operation.get("parameters", [])
    ]
    return {
        **operation,
        "text": doc_text(operation.get("description") or operation.get("summary", "")),
        "tag": gettext(_TAGS.get(tag, tag)) if (tag := _first_tag(operation)) else "",
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
            "accepts": accepts_words(field, components),
            "description": doc_text(field.get("description", "")),
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
                "description": doc_text(answer.get("description", "")),
                "content": ", ".join(kind for kind in kinds if kind),
            }
        )
    return rows


#: The tags of the operations (the router's), as words.
_TAGS: dict[str, str] = {
    "exercises": N_("exercises"),
    "coach": N_("coach"),
    "journal": N_("journal"),
    "nutrition": N_("nutrition"),
    "workout": N_("workout"),
    "health": N_("health"),
}

#: JSON schema types as words.
_TYPES: dict[str, str] = {
    "integer": N_("whole number"),
    "number": N_("number"),
    "string": N_("text"),
    "object": N_("object"),
}

#: A ``quoted`` or `quoted` word of a description: code.
_QUOTED = re.compile(r"``(.+?)``|`(.+?)`")


def _first_tag(operation: Schema) -> str:
    tags = operation.get("tags") or ()
    return str(tags[0]) if tags else ""


def plain_text(text: str) -> str:
    """A docstring's text as the catalog has it: each paragraph's lines joined."""
    paragraphs = text.strip().split("\n\n")
    return "\n\n".join(
        " ".join(line.strip() for line in paragraph.splitlines())
        for paragraph in paragraphs
    )


def doc_text(text: str) -> Markup:
    """A description of the schema in the current language (English when the
    catalog lacks it), its quoted words as code and its paragraphs apart."""
    if not text:
        return Markup("")
    translated = gettext(plain_text(text))
    paragraphs = [
        _QUOTED.sub(_code_of, str(escape(paragraph)))
        for paragraph in translated.split("\n\n")
    ]
    return Markup("<br><br>".join(paragraphs))


def _code_of(match: re.Match[str]) -> str:
    return f"<code>{match.group(1) or match.group(2)}</code>"


def _code(value: object) -> Markup:
    return Markup("<code>%s</code>") % str(value)


def accepts_words(schema: Schema, components: Schema) -> Markup:
    """:func:`accepts` in the current language, its names and values as code."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        words = [accepts_words(option, components) for option in options]
        text = Markup(escape(gettext(" or "))).join(word for word in words if word)
        limits = _limits_words(schema)
        return Markup(escape(gettext("; "))).join((text, limits)) if limits else text
    name = _ref_name(schema)
    if name:
        return _code(name)
    if "enum" in schema:
        values = Markup(", ").join(_code(value) for value in schema["enum"])
        return Markup(escape(gettext("one of %(choices)s", choices="\0"))).replace(
            "\0", values
        )
    kind = schema.get("type", "")
    if kind == "null":
        return _code("null")
    if kind == "array":
        item = accepts_words(schema.get("items", {}), components)
        return Markup(escape(gettext("list of %(item)s", item="\0"))).replace(
            "\0", item
        )
    parts = [_type_words(schema, kind), _limits_words(schema)]
    return Markup(" ").join(part for part in parts if part)


def _type_words(schema: Schema, kind: str) -> Markup:
    if kind == "boolean":
        return _code("true") + escape(gettext(" or ")) + _code("false")
    word = Markup(escape(gettext(_TYPES[kind]))) if kind in _TYPES else escape(kind)
    fmt = schema.get("format")
    return (
        word + Markup(" (") + _code(fmt) + Markup(")")
        if fmt and fmt != "binary"
        else word
    )


def _limits_words(schema: Schema) -> Markup:
    parts: list[Markup] = []
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        parts.append(escape(f"{_number(low)}-{_number(high)}"))
    elif low is not None:
        parts.append(escape(gettext("at least %(low)s", low=_number(low))))
    elif "exclusiveMinimum" in schema:
        above = _number(schema["exclusiveMinimum"])
        parts.append(escape(gettext("above %(low)s", low=above)))
    elif high is not None:
        parts.append(escape(gettext("at most %(high)s", high=_number(high))))
    if "multipleOf" in schema:
        step = _number(schema["multipleOf"])
        parts.append(escape(gettext("in steps of %(step)s", step=step)))
    if "maxLength" in schema:
        longest = schema["maxLength"]
        parts.append(escape(gettext("up to %(longest)s characters", longest=longest)))
    if "pattern" in schema:
        like = escape(gettext("like %(pattern)s", pattern="\0"))
        parts.append(Markup(like).replace("\0", _code(schema["pattern"])))
    return Markup(escape(gettext(", "))).join(parts)


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
