from resolvers.identity.binding import BindingForm, bind_graduate
from resolvers.identity.employer_login import employer_login
from resolvers.identity.employer_registration import EmployerForm, register_employer
from resolvers.identity.graduate_login import graduate_password_login
from resolvers.identity.lockouts import clear_graduate_lockout
from resolvers.identity.passwords import change_password
from resolvers.identity.staff import staff_login
from resolvers.identity.unbinding import unbind_wechat
from resolvers.identity.wechat_login import wechat_login

__all__ = [
    "BindingForm",
    "EmployerForm",
    "bind_graduate",
    "change_password",
    "clear_graduate_lockout",
    "employer_login",
    "graduate_password_login",
    "register_employer",
    "staff_login",
    "unbind_wechat",
    "wechat_login",
]
