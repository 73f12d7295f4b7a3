import { spawn } from "node:child_process";
import http from "node:http";

export interface GitHttpRequest {
  method: string;
  path: string;
  authorization: string | null;
}

/**
 * A git server over HTTP on 127.0.0.1 (git's own `http-backend`, as a CGI
 * program) for the bare repositories under `root`, answering only requests
 * that carry `Authorization: basic x-access-token:<token>`, as GitHub does;
 * other paths go to `fallback` (a fake GitHub API). Every git request is
 * recorded with the credential it carried.
 */
export async function startGitHttpServer(root: string, token: string, fallback: http.RequestListener) {
  const requests: GitHttpRequest[] = [];
  const expected = `basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (!/\.git(\/|$)/.test(url.pathname)) return fallback(req, res);
    const authorization = req.headers.authorization ?? null;
    requests.push({ method: req.method ?? "", path: url.pathname, authorization });
    if (authorization?.toLowerCase() !== expected.toLowerCase()) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="git"' }).end();
      return;
    }
    const cgi = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env["PATH"] ?? "",
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        REMOTE_USER: "x-access-token",
        REQUEST_METHOD: req.method ?? "GET",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
        ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] } : {}),
        GIT_HTTP_MAX_REQUEST_BUFFER: "100M",
      },
      stdio: ["pipe", "pipe", "ignore"],
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on("data", (c: Buffer) => chunks.push(c));
    cgi.on("close", () => {
      const output = Buffer.concat(chunks);
      const end = output.indexOf("\r\n\r\n");
      const head = output.subarray(0, end).toString("latin1").split("\r\n");
      let status = 200;
      for (const line of head) {
        const [name, ...rest] = line.split(":");
        const value = rest.join(":").trim();
        if (name?.toLowerCase() === "status") status = Number(value.split(" ")[0]);
        else if (name) res.setHeader(name, value);
      }
      res.writeHead(status).end(output.subarray(end + 4));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
