# One route per endpoint of the SPEC. To give an endpoint real behaviour,
# replace its handler with your own function of the same signature
# (a HandlerRequest in, a HandlerResult out; sync or async).
from typing import List

from . import handlers
from .contract import endpoint
from .router import Route

ROUTES: List[Route] = [
{{#pyRoutes}}
    # {{{comment}}}
    Route(endpoint({{{keyJson}}}), handlers.{{handler}}),
{{/pyRoutes}}
]
