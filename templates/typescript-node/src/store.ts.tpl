import type { JsonObject } from "./types.js";

/** In-memory resources, by id key (`build_id`) and id. Swap for a database when you need one. */
export class Store {
  private readonly kinds = new Map<string, Map<string, JsonObject>>();
  private readonly counters = new Map<string, number>();

  /** The next numeric id for a kind whose SPEC shows numeric ids (1, 2, 3…). */
  nextNumber(idKey: string): number {
    const next = (this.counters.get(idKey) ?? 0) + 1;
    this.counters.set(idKey, next);
    return next;
  }

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

  remove(idKey: string, id: string): void {
    this.kinds.get(idKey)?.delete(id);
  }

  all(idKey: string): JsonObject[] {
    return [...(this.kinds.get(idKey)?.values() ?? [])];
  }
}
