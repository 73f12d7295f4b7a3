// The endpoints of {{service}} as its SPEC documents them: the examples the
// handlers answer with and the tests check against. Regenerated from the SPEC.
import type { Contract } from "./types.js";

export const contract: Contract = {{{contractJson}}};
