"""Filming use cases: analyse a filmed set, judge its form, uploads, videos page."""

__all__: list[str] = []
