"""Paper agreement forms (纸质协议书), F3."""

from schema.paper_forms.queries import Query
from schema.paper_forms.record_paper_form_collected import Mutation as RecordPaperFormCollected
from schema.paper_forms.reissue_paper_form import Mutation as ReissuePaperForm

queries = [Query]
mutations = [RecordPaperFormCollected, ReissuePaperForm]
