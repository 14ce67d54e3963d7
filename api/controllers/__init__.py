"""One Litestar controller per resource; handlers are thin and call one ``taxo.api.services`` function."""

from taxo.api.controllers.pipeline import RunsController, StepsController
from taxo.api.controllers.provenance import ProvenanceController
from taxo.api.controllers.reviews import ReviewsController
from taxo.api.controllers.system import SystemController
from taxo.api.controllers.taxonomy import DimensionsController, RolesController, SkillsController

CONTROLLERS = [
    StepsController,
    RunsController,
    RolesController,
    SkillsController,
    DimensionsController,
    ProvenanceController,
    ReviewsController,
    SystemController,
]

__all__ = ["CONTROLLERS"]
