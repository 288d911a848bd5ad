"""Validators of the Polish registry numbers, with messages a person can act on."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon

_SEPARATORS = re.compile(r"[\s\-]")


def compact_identifier(value: str) -> str:
    """A registry number without spaces, dashes and the "PL" prefix of a VAT number."""
    value = _SEPARATORS.sub("", value or "").upper()
    return value.removeprefix("PL")


def validate_nip(value: str) -> None:
    try:
        nip.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("This NIP is not valid: its check digit does not match. Check it for a typo."),
            code="nip_checksum",
        ) from None
    except StdnumError:
        raise ValidationError(_("A NIP has exactly 10 digits."), code="nip_format") from None


def validate_regon(value: str) -> None:
    try:
        regon.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("This REGON is not valid: its check digit does not match. Check it for a typo."),
            code="regon_checksum",
        ) from None
    except StdnumError:
        raise ValidationError(
            _("A REGON has exactly 9 or 14 digits."), code="regon_format"
        ) from None


def validate_krs(value: str) -> None:
    if not re.fullmatch(r"[0-9]{10}", value or ""):
        raise ValidationError(
            _("A KRS number has exactly 10 digits, with the leading zeros (e.g. 0000123456)."),
            code="krs_format",
        )


def validate_postal_code(value: str) -> None:
    if not re.fullmatch(r"[0-9]{2}-[0-9]{3}", value or ""):
        raise ValidationError(
            _("Write the postal code as two digits, a dash and three digits (e.g. 62-500)."),
            code="postal_code_format",
        )
