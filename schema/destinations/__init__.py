from schema.destinations.add_destination_proof import Mutation as AddDestinationProof
from schema.destinations.correct_destination import Mutation as CorrectDestination
from schema.destinations.delete_destination_proof import Mutation as DeleteDestinationProof
from schema.destinations.discard_destination import Mutation as DiscardDestination
from schema.destinations.queries import Query as Destinations
from schema.destinations.recall_destination import Mutation as RecallDestination
from schema.destinations.register_destination import Mutation as RegisterDestination
from schema.destinations.submit_destination import Mutation as SubmitDestination
from schema.destinations.update_destination import Mutation as UpdateDestination
from schema.destinations.void_destination import Mutation as VoidDestination

queries = [Destinations]
mutations = [
    RegisterDestination,
    UpdateDestination,
    AddDestinationProof,
    DeleteDestinationProof,
    SubmitDestination,
    RecallDestination,
    DiscardDestination,
    VoidDestination,
    CorrectDestination,
]
