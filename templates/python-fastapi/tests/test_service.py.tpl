# Generated from the SPEC: one test per documented endpoint.
from . import helpers
{{#pyTests}}


def {{name}}(client):
    helpers.{{check}}(client, {{{keyJson}}})
{{/pyTests}}
