"""What WeChat lets us send to a graduate: one-time subscribe consents and official-account followers."""

from tortoise import fields
from tortoise.models import Model


class SubscribeCredit(Model):
    """Subscribe messages the graduate consented to in wx.requestSubscribeMessage and that are not yet sent.

    WeChat counts consents per openid and template, one message per consent; so do we. Keyed on the openid, not
    the graduate: consents given from another WeChat account do not follow a rebinding."""

    id = fields.IntField(primary_key=True)
    openid = fields.CharField(max_length=64)
    template_id = fields.CharField(max_length=64)
    remaining = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "wechat_subscribe_credit"
        unique_together = (("openid", "template_id"),)


class OfficialAccountFollower(Model):
    """A follower of the official account as its message push reported it (subscribe / unsubscribe events),
    with the unionid `user/info` gave. A graduate's official-account openid is found through the unionid their
    mini-program login returned: WeChat offers no lookup the other way round."""

    id = fields.IntField(primary_key=True)
    openid = fields.CharField(max_length=64, unique=True)  # the official account's openid, not the mini-program's
    unionid = fields.CharField(max_length=64, null=True, db_index=True)
    following = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "wechat_official_account_follower"
