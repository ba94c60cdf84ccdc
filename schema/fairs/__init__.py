from schema.fairs.apply_to_job_fair import Mutation as ApplyToJobFair
from schema.fairs.approve_fair_application import Mutation as ApproveFairApplication
from schema.fairs.cancel_fair_registration import Mutation as CancelFairRegistration
from schema.fairs.cancel_job_fair import Mutation as CancelJobFair
from schema.fairs.create_job_fair import Mutation as CreateJobFair
from schema.fairs.publish_job_fair import Mutation as PublishJobFair
from schema.fairs.queries import Query
from schema.fairs.register_for_job_fair import Mutation as RegisterForJobFair
from schema.fairs.reject_fair_application import Mutation as RejectFairApplication
from schema.fairs.update_job_fair import Mutation as UpdateJobFair

queries = [Query]
mutations = [CreateJobFair, UpdateJobFair, PublishJobFair, CancelJobFair, ApplyToJobFair, ApproveFairApplication,
             RejectFairApplication, RegisterForJobFair, CancelFairRegistration]
