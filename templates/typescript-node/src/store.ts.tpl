import type { JsonObject } from "./types.js";

/** In-memory resources, by id key (`build_id`) and id. Swap for a database when you need one. */
export class Store {
  private readonly kinds = new Map<string, Map<string, JsonObject>>();

  put(idKey: string, id: string, record: JsonObject): void {
    let kind = this.kinds.get(idKey);
    if (!kind) {
      kind = new Map();
      this.kinds.set(idKey, kind);
    }
    kind.set(id, record);
  }

  get(idKey: string, id: string): JsonObject | undefined {
    return this.kinds.get(idKey)?.get(id);
  }

  all(idKey: string): JsonObject[] {
    return [...(this.kinds.get(idKey)?.values() ?? [])];
  }
}
