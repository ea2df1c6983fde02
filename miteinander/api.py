"""The JSON API at /api/v1/ (django-ninja): OpenAPI document at openapi.json, docs at docs."""

from ninja import NinjaAPI

import miteinander
from miteinander.actionplan.api import router as actionplan_router
from miteinander.events.api import OPENAPI_TAG as events_tag
from miteinander.events.api import router as events_router
from miteinander.municipalities.api import router as municipalities_router
from miteinander.network.api import router as network_router
from miteinander.offerings.api import router as offerings_router

api = NinjaAPI(
    title="Miteinander API",
    version=miteinander.__version__,
    description=(
        "Read and write access for partner systems. Public reads need no authentication; "
        "everything else takes the browser session or a personal API token "
        "(`Authorization: Bearer mit_…`, created under Account → API tokens)."
    ),
    urls_namespace="api-v1",
    openapi_extra={"tags": [events_tag]},
)
api.add_router("/", municipalities_router)
api.add_router("/", network_router)
api.add_router("/", actionplan_router)
api.add_router("/", offerings_router)
api.add_router("/", events_router)
