from tests.reference import ensure_reference_data

__all__ = ["ensure_reference_data"]
