import { toPythonView } from "./python-view.js";
import { PYTHON_FASTAPI_LAYOUT, TYPESCRIPT_NODE_LAYOUT, type ServiceLayout } from "./service-layout.js";
import type { GenerateInput } from "./types.js";

export const TARGET_NAMES = ["typescript-node", "python-fastapi"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** Needs nothing but Node, which specforge itself runs on. */
export const DEFAULT_TARGET: TargetName = "typescript-node";

/**
 * A kind of service specforge generates. To add one: a folder under
 * `templates/` and an entry below (its layout says how the service is
 * installed, checked, tested and started).
 */
export interface Target {
  name: TargetName;
  /** In reports: "TypeScript on Node (node:http)". */
  description: string;
  /** The template folder under `templates/`. */
  templates: string;
  layout: ServiceLayout;
  /** The languages and frameworks a SPEC may name that this target generates (lower case, as `detectStack` names them). */
  stack: { languages: readonly string[]; frameworks: readonly string[] };
  /** Values the target's templates need beyond the common view (`renderService`). */
  view?: (input: Pick<GenerateInput, "spec" | "contract" | "specText">) => Record<string, unknown>;
  /** For LLM generators: the files they may rewrite and what to tell them about the project. */
  editable: {
    paths: readonly RegExp[];
    pathsHint: string;
    contractFile: string;
    codeFence: string;
    brief: readonly string[];
  };
}

export const TARGETS: Readonly<Record<TargetName, Target>> = {
  "typescript-node": {
    name: "typescript-node",
    description: "TypeScript on Node (node:http)",
    templates: "typescript-node",
    layout: TYPESCRIPT_NODE_LAYOUT,
    stack: { languages: ["typescript", "javascript", "node"], frameworks: [] },
    editable: {
      paths: [/^src\/handlers\.ts$/, /^src\/routes\.ts$/, /^src\/logic\/[\w-]+\.ts$/],
      pathsHint: "src/handlers.ts, src/routes.ts or src/logic/<name>.ts",
      contractFile: "src/contract.ts",
      codeFence: "ts",
      brief: [
        "You implement the business logic of a TypeScript (Node 20, ESM, strict) HTTP service generated from a SPEC.",
        "The project is already scaffolded: a router, an in-memory store, request validation, the five UDC endpoints and tests that check every endpoint against the SPEC's examples.",
        "You may rewrite src/handlers.ts and src/routes.ts and add modules under src/logic/. Keep every export that other files import, keep each handler's signature, and keep responses shaped like the documented examples (every documented key, same JSON types) with status 200, or 400 naming the field for invalid input.",
        "Use only Node's standard library and the project's own modules: no new dependencies.",
      ],
    },
  },
  "python-fastapi": {
    name: "python-fastapi",
    description: "Python with FastAPI and Pydantic",
    templates: "python-fastapi",
    layout: PYTHON_FASTAPI_LAYOUT,
    stack: { languages: ["python"], frameworks: ["fastapi"] },
    view: toPythonView,
    editable: {
      paths: [/^app\/handlers\.py$/, /^app\/routes\.py$/, /^app\/logic\/[A-Za-z_]\w*\.py$/],
      pathsHint: "app/handlers.py, app/routes.py or app/logic/<name>.py",
      contractFile: "app/contract.json",
      codeFence: "python",
      brief: [
        "You implement the business logic of a Python 3.11 FastAPI service generated from a SPEC.",
        "The project is already scaffolded: routing, an in-memory store, request validation with Pydantic models (app/models.py), the five UDC endpoints and pytest tests that check every endpoint against the SPEC's examples.",
        "You may rewrite app/handlers.py and app/routes.py and add modules under app/logic/. Keep every name other modules import, keep each handler's signature (a HandlerRequest in, a HandlerResult out, sync or async), and keep responses shaped like the documented examples (every documented key, same JSON types) with status 200, or 400 naming the field for invalid input.",
        "Use only Python's standard library, FastAPI, Pydantic (code that works with Pydantic 1 and 2) and the project's own modules: no new dependencies.",
      ],
    },
  },
};

export class UnknownTargetError extends Error {}

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}

export function getTarget(name: string): Target {
  if (!isTargetName(name)) throw new UnknownTargetError(`unknown target "${name}" (use: ${TARGET_NAMES.join(", ")})`);
  return TARGETS[name];
}

/** The build-output and state names of every target: for code that handles a service folder without knowing its target. */
export const ALL_NOT_GENERATED: readonly string[] = [...new Set(TARGET_NAMES.flatMap((name) => TARGETS[name].layout.notGenerated))];
