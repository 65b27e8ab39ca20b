/** A non-2xx answer, with its problem+json body when it had one. */
export class ApiError extends Error {
    constructor(status, problem) {
        super(problem ? `${status} ${problem.code}: ${problem.detail}` : `HTTP ${status}`);
        this.status = status;
        this.problem = problem;
    }
    get code() {
        return this.problem?.code ?? null;
    }
}
export function createClient(options) {
    const base = options.baseUrl.replace(/\/$/, "");
    let refreshing = null;
    function url(path, query) {
        const search = [];
        for (const [key, value] of Object.entries(query ?? {})) {
            if (value !== undefined && value !== null) {
                search.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
            }
        }
        return base + path + (search.length ? `?${search.join("&")}` : "");
    }
    function expand(path, params) {
        return path.replace(/\{(\w+)\}/g, (_, name) => {
            const value = params?.[name];
            if (value === undefined || value === null) {
                throw new Error(`path parameter ${name} missing for ${path}`);
            }
            return encodeURIComponent(String(value));
        });
    }
    async function refresh() {
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
        const tokens = response.json;
        options.tokens?.save(tokens);
        return true;
    }
    async function send(method, target, body, header) {
        const headers = { Accept: "application/json, application/problem+json" };
        for (const [key, value] of Object.entries(header ?? {})) {
            if (value !== undefined && value !== null) {
                headers[key] = String(value);
            }
        }
        const access = options.tokens?.accessToken();
        if (access) {
            headers.Authorization = `Bearer ${access}`;
        }
        let payload;
        if (body !== undefined) {
            headers["Content-Type"] = "application/json";
            payload = JSON.stringify(body);
        }
        return options.transport.send({ method: method.toUpperCase(), url: target, headers, body: payload });
    }
    async function call(method, path, opts) {
        const o = (opts ?? {});
        const target = url(expand(path, o.path), o.query);
        let response = await send(method, target, o.body, o.header);
        if (response.status === 401 && options.tokens?.refreshToken()) {
            // one refresh at a time, shared by every call that met the expired token
            refreshing ?? (refreshing = refresh().finally(() => (refreshing = null)));
            if (await refreshing) {
                response = await send(method, target, o.body, o.header);
            }
        }
        if (response.status >= 200 && response.status < 300) {
            return response.status === 204 ? undefined : response.json;
        }
        const problem = response.json && typeof response.json === "object" && "code" in response.json ? response.json : null;
        throw new ApiError(response.status, problem);
    }
    return {
        call: (method, path, opts) => call(method, path, opts),
        get: (path, opts) => call("get", path, opts),
        post: (path, opts) => call("post", path, opts),
        url,
    };
}
/** The browser's transport. */
export const fetchTransport = {
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
export function localTokens(key) {
    return {
        accessToken: () => read()?.accessToken ?? null,
        refreshToken: () => read()?.refreshToken ?? null,
        save: (tokens) => localStorage.setItem(key, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken })),
        clear: () => localStorage.removeItem(key),
    };
    function read() {
        try {
            return JSON.parse(localStorage.getItem(key) ?? "null");
        }
        catch {
            return null;
        }
    }
}
