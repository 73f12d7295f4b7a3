import net from "node:net";

const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; up: boolean }>();

/** Whether something listens at the dependency's URL; cached briefly so /dependencies stays fast. */
export async function isReachable(url: string, timeoutMs = 300): Promise<boolean> {
  const hit = cache.get(url);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.up;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  const up = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: target.hostname, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
  cache.set(url, { at: Date.now(), up });
  return up;
}
