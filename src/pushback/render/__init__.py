"""Rendering of finished results into files: the HTML video report, progress charts,
plan files (Markdown, iCalendar). Pure inputs in, files out; imports no service."""

__all__: list[str] = []
