"""The employment recommendation form (就业推荐表), issue 12 §4."""

from schema.recommendation_forms.create_recommendation_form import Mutation as CreateRecommendationForm
from schema.recommendation_forms.download_recommendation_form import Mutation as DownloadRecommendationForm
from schema.recommendation_forms.queries import Query
from schema.recommendation_forms.reopen_recommendation_form import Mutation as ReopenRecommendationForm
from schema.recommendation_forms.submit_recommendation_form import Mutation as SubmitRecommendationForm
from schema.recommendation_forms.update_recommendation_form import Mutation as UpdateRecommendationForm

queries = [Query]
mutations = [CreateRecommendationForm, UpdateRecommendationForm, SubmitRecommendationForm,
             ReopenRecommendationForm, DownloadRecommendationForm]
