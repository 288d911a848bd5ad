import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from kowes import settings as project_settings
from tests.factories import UserFactory


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2id(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = UserFactory.build()

    user.set_password("correct-horse-battery")

    assert user.password.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert user.check_password("correct-horse-battery") is True


@pytest.mark.django_db
def test_passwords_shorter_than_twelve_characters_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_password("Kx7!pQ2#mZ9")

    assert [e.code for e in error.value.error_list] == ["password_too_short"]
