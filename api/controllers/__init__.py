"""One Litestar controller per resource; handlers are thin and call one ``api.services`` function."""

from api.controllers.pipeline import RunsController, StepsController
from api.controllers.provenance import ProvenanceController
from api.controllers.reviews import ReviewsController
from api.controllers.system import SystemController
from api.controllers.taxonomy import DimensionsController, RolesController, SkillsController

CONTROLLERS = [
    StepsController, RunsController, RolesController, SkillsController, DimensionsController,
    ProvenanceController, ReviewsController, SystemController,
]

__all__ = ["CONTROLLERS"]
