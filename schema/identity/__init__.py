from schema.identity.bind_graduate import Mutation as BindGraduate
from schema.identity.change_password import Mutation as ChangePassword
from schema.identity.clear_graduate_lockout import Mutation as ClearGraduateLockout
from schema.identity.employer_login import Mutation as EmployerLogin
from schema.identity.graduate_password_login import Mutation as GraduatePasswordLogin
from schema.identity.register_employer import Mutation as RegisterEmployer
from schema.identity.staff_login import Mutation as StaffLogin
from schema.identity.unbind_wechat import Mutation as UnbindWechat
from schema.identity.wechat_login import Mutation as WechatLogin

queries: list[type] = []
mutations = [
    StaffLogin,
    WechatLogin,
    BindGraduate,
    GraduatePasswordLogin,
    ChangePassword,
    UnbindWechat,
    ClearGraduateLockout,
    RegisterEmployer,
    EmployerLogin,
]
