"""The data contracts: one pandera model per dataset; validation that sets bad rows aside."""

from schemas.validate import ValidatedInputs, check_required, validate_inputs

__all__ = ["ValidatedInputs", "check_required", "validate_inputs"]
