// A thin typed client over the generated types: paths, parameters, bodies and answers are
// checked by the compiler against openapi.yaml. The transport is fetch in a browser
// (fetchTransport) and wx.request in the mini-program (wx.ts).
import type { components, paths } from "./schema.js";

export type Schemas = components["schemas"];
export type Method = "get" | "post" | "patch" | "put" | "delete";

type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M & keyof paths[P]]>;
type ParamsOf<O> = O extends { parameters: infer Q } ? Q : never;
type Part<Q, K extends string> = K extends keyof Q ? Q[K] : never;
type JsonBodyOf<O> = O extends { requestBody: { content: { "application/json": infer B } } }
  ? B
  : O extends { requestBody?: { content: { "application/json": infer B } } }
    ? B
    : never;
type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : void;

/** The JSON of the operation's 200 or 201 answer (void for 204). */
export type Answer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? 200 extends keyof R
      ? JsonOf<R[200]>
      : 201 extends keyof R
        ? JsonOf<R[201]>
        : void
    : never;

/** Paths that have the method. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M & keyof paths[P]] extends undefined | never ? never : P;
}[keyof paths];

export interface Options<P extends keyof paths, M extends Method> {
  path?: Part<ParamsOf<Operation<P, M>>, "path">;
  query?: Part<ParamsOf<Operation<P, M>>, "query">;
  header?: Part<ParamsOf<Operation<P, M>>, "header">;
  body?: JsonBodyOf<Operation<P, M>>;
}

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  /** The body parsed as JSON, or null when empty. */
  json: unknown;
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** Where the tokens live (localStorage on a screen, wx storage in the mini-program). */
export interface TokenStore {
  accessToken(): string | null;
  refreshToken(): string | null;
  save(tokens: { accessToken: string; refreshToken: string }): void;
  clear(): void;
}

export type Problem = Schemas["Problem"];

/** A non-2xx answer, with its problem+json body when it had one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem ? `${status} ${problem.code}: ${problem.detail}` : `HTTP ${status}`);
  }

  get code(): string | null {
    return this.problem?.code ?? null;
  }
}

export interface ClientOptions {
  baseUrl: string;
  transport: Transport;
  tokens?: TokenStore;
  /** Called when the tokens are gone for good (refresh refused). */
  onSignedOut?: () => void;
}

export interface Client {
  call<M extends Method, P extends PathsWith<M>>(method: M, path: P, options?: Options<P, M>): Promise<Answer<P, M>>;
  get<P extends PathsWith<"get">>(path: P, options?: Options<P, "get">): Promise<Answer<P, "get">>;
  post<P extends PathsWith<"post">>(path: P, options?: Options<P, "post">): Promise<Answer<P, "post">>;
  /** The absolute URL of a path with its query (for EventSource). */
  url(path: string, query?: Record<string, unknown>): string;
}

export function createClient(options: ClientOptions): Client {
  const base = options.baseUrl.replace(/\/$/, "");
  let refreshing: Promise<boolean> | null = null;

  function url(path: string, query?: Record<string, unknown>): string {
    const search: string[] = [];
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) {
        search.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
      }
    }
    return base + path + (search.length ? `?${search.join("&")}` : "");
  }

  function expand(path: string, params?: Record<string, unknown>): string {
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params?.[name];
      if (value === undefined || value === null) {
        throw new Error(`path parameter ${name} missing for ${path}`);
      }
      return encodeURIComponent(String(value));
    });
  }

  async function refresh(): Promise<boolean> {
    const token = options.tokens?.refreshToken();
    if (!token) {
      return false;
    }
    const response = await options.transport.send({
      method: "POST",
      url: url("/api/v1/auth/refresh"),
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refreshToken: token }),
    });
    if (response.status !== 200) {
      options.tokens?.clear();
      options.onSignedOut?.();
      return false;
    }
    const tokens = response.json as { accessToken: string; refreshToken: string };
    options.tokens?.save(tokens);
    return true;
  }

  async function send(method: string, target: string, body: unknown, header: Record<string, unknown> | undefined) {
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
    for (const [key, value] of Object.entries(header ?? {})) {
      if (value !== undefined && value !== null) {
        headers[key] = String(value);
      }
    }
    const access = options.tokens?.accessToken();
    if (access) {
      headers.Authorization = `Bearer ${access}`;
    }
    let payload: string | undefined;
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    return options.transport.send({ method: method.toUpperCase(), url: target, headers, body: payload });
  }

  async function call(method: Method, path: string, opts: Options<never, never> | undefined): Promise<unknown> {
    const o = (opts ?? {}) as { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown>; body?: unknown };
    const target = url(expand(path, o.path), o.query);
    let response = await send(method, target, o.body, o.header);
    if (response.status === 401 && options.tokens?.refreshToken()) {
      // one refresh at a time, shared by every call that met the expired token
      refreshing ??= refresh().finally(() => (refreshing = null));
      if (await refreshing) {
        response = await send(method, target, o.body, o.header);
      }
    }
    if (response.status >= 200 && response.status < 300) {
      return response.status === 204 ? undefined : response.json;
    }
    const problem = response.json && typeof response.json === "object" && "code" in response.json ? (response.json as Problem) : null;
    throw new ApiError(response.status, problem);
  }

  return {
    call: (method, path, opts) => call(method, path, opts as never) as never,
    get: (path, opts) => call("get", path, opts as never) as never,
    post: (path, opts) => call("post", path, opts as never) as never,
    url,
  };
}

/** The browser's transport. */
export const fetchTransport: Transport = {
  async send(request) {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    const text = await response.text();
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      json: text ? JSON.parse(text) : null,
    };
  },
};

/** Tokens in localStorage under {@code key}. */
export function localTokens(key: string): TokenStore {
  return {
    accessToken: () => read()?.accessToken ?? null,
    refreshToken: () => read()?.refreshToken ?? null,
    save: (tokens) => localStorage.setItem(key, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken })),
    clear: () => localStorage.removeItem(key),
  };
  function read(): { accessToken: string; refreshToken: string } | null {
    try {
      return JSON.parse(localStorage.getItem(key) ?? "null");
    } catch {
      return null;
    }
  }
}
