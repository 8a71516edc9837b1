"""pushback: an evidence-graded coach that trains the back with push-ups."""

__version__ = "0.1.0"
__all__ = ["__version__"]
