from schema.resume.add_resume_section import Mutation as AddResumeSection
from schema.resume.delete_resume_section import Mutation as DeleteResumeSection
from schema.resume.move_resume_section import Mutation as MoveResumeSection
from schema.resume.queries import Query
from schema.resume.update_resume_section import Mutation as UpdateResumeSection

queries = [Query]
mutations = [AddResumeSection, UpdateResumeSection, DeleteResumeSection, MoveResumeSection]
