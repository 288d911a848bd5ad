from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffFactory


def test_coordinator_sets_up_two_factor_with_the_keyboard_on_a_phone(phone_page, settings, axe):
    settings.TWO_FACTOR_REQUIRED_GROUPS = ["Coordinators"]
    coordinator = StaffFactory()
    coordinator.groups.add(Group.objects.get_or_create(name="Coordinators")[0])
    page = phone_page
    page.goto("/admin/login/")

    page.keyboard.type(coordinator.username)  # the username field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/two-factor/?next=/admin/")

    assert page.locator("h1").inner_text() == "Włącz uwierzytelnianie dwuskładnikowe"
    assert page.locator("img.two-factor-qr").is_visible()
    assert axe(page) == []
    device = TOTPDevice.objects.get(user=coordinator)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.keyboard.type(f"{code:06d}")  # the code field has the focus
    page.keyboard.press("Enter")

    page.wait_for_url(lambda url: url.endswith("/admin/") and "two-factor" not in url)
    assert page.locator("#user-tools").is_visible()
    assert TOTPDevice.objects.get(user=coordinator).confirmed is True
