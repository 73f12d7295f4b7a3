# Pydantic models: the SPEC's own (its `class X(BaseModel)` blocks) and, for a
# request no SPEC model fits, one read from the request example. Regenerated
# from the SPEC. Written for Pydantic 1 and 2.
from datetime import date, datetime
from typing import Any, Dict, List, Optional, Type, Union

from pydantic import BaseModel, Field
{{#models}}


class {{name}}(BaseModel):
    # {{{comment}}}
{{#fields}}
    {{{declaration}}}
{{/fields}}
{{^fields}}
    pass
{{/fields}}
{{/models}}


# The model each endpoint's request body is checked against (app/validate.py).
REQUEST_MODELS: Dict[str, Type[BaseModel]] = {
{{#requestModels}}
    {{{keyJson}}}: {{model}},
{{/requestModels}}
}
