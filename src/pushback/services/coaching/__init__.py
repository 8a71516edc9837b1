"""Coaching use cases: assessment, plans, nutrition and the views of them."""

__all__: list[str] = []
