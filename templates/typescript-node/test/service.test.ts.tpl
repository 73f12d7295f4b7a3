// Generated from the SPEC: one test per documented endpoint.
import { after, before, test } from "node:test";
import { contract } from "../src/contract.js";
import { startService, type Service } from "../src/server.js";
import { checkEndpoint, checkReadBack, checkRejectsMissingField, checkStream } from "./helpers.js";

let service: Service;
let base = "";

before(async () => {
  service = await startService(0, "127.0.0.1");
  base = `http://127.0.0.1:${service.port()}`;
});

after(() => service.close());

{{#tests}}
test({{{nameJson}}}, () => {{check}}(base, contract, {{{keyJson}}}));
{{/tests}}
