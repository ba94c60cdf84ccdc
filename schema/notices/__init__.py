from schema.notices.add_notice_attachment import Mutation as AddNoticeAttachment
from schema.notices.create_notice import Mutation as CreateNotice
from schema.notices.delete_notice_attachment import Mutation as DeleteNoticeAttachment
from schema.notices.mark_notices_read import Mutation as MarkNoticesRead
from schema.notices.publish_notice import Mutation as PublishNotice
from schema.notices.queries import Query
from schema.notices.set_notice_pinned import Mutation as SetNoticePinned
from schema.notices.update_notice import Mutation as UpdateNotice
from schema.notices.withdraw_notice import Mutation as WithdrawNotice

queries = [Query]
mutations = [CreateNotice, UpdateNotice, PublishNotice, WithdrawNotice, SetNoticePinned, AddNoticeAttachment,
             DeleteNoticeAttachment, MarkNoticesRead]
