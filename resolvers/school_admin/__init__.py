"""What a school admin manages: the school's settings, its staff accounts, initial passwords (R2, B4)."""

from resolvers.school_admin.passwords import reset_graduate_password, reset_staff_password
from resolvers.school_admin.settings import SETTINGS, update_settings
from resolvers.school_admin.staff_accounts import StaffAccountForm, create_staff_account, set_staff_active

__all__ = [
    "SETTINGS",
    "StaffAccountForm",
    "create_staff_account",
    "reset_graduate_password",
    "reset_staff_password",
    "set_staff_active",
    "update_settings",
]
