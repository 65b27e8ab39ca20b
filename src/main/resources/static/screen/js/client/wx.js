import { SseParser, Utf8Chunks } from "./sse.js";
/** The client's transport over wx.request. */
export const wxTransport = {
    send(request) {
        return new Promise((resolve, reject) => {
            wx.request({
                url: request.url,
                method: request.method,
                header: request.headers,
                data: request.body,
                // parse ourselves: problem+json is JSON too
                dataType: "text",
                responseType: "text",
                success: (result) => {
                    const text = typeof result.data === "string" ? result.data : "";
                    const lower = {};
                    for (const [key, value] of Object.entries(result.header ?? {})) {
                        lower[key.toLowerCase()] = value;
                    }
                    resolve({
                        status: result.statusCode,
                        header: (name) => lower[name.toLowerCase()] ?? null,
                        json: text ? JSON.parse(text) : null,
                    });
                },
                fail: (error) => reject(new Error(error.errMsg)),
            });
        });
    },
};
/**
 * Opens the feed and keeps it open: on an ended or failed request it reconnects after the
 * retry delay, resuming after the last event id it saw. Answers a function that closes it.
 */
export function wxFeedStream(options) {
    let closed = false;
    let task = null;
    const parser = new SseParser();
    function connect() {
        if (closed) {
            return;
        }
        const decoder = new Utf8Chunks();
        const separator = options.url.includes("?") ? "&" : "?";
        const url = parser.lastEventId ? `${options.url}${separator}lastEventId=${encodeURIComponent(parser.lastEventId)}` : options.url;
        const header = { Accept: "text/event-stream" };
        const token = options.token();
        if (token) {
            header.Authorization = `Bearer ${token}`;
        }
        task = wx.request({
            url,
            method: "GET",
            header,
            enableChunked: true,
            responseType: "arraybuffer",
            timeout: 24 * 3600 * 1000,
            success: () => again(),
            fail: () => again(),
        });
        options.onState?.("open");
        task.onChunkReceived((chunk) => {
            for (const event of parser.push(decoder.decode(new Uint8Array(chunk.data)))) {
                options.onEvent(event);
            }
        });
    }
    function again() {
        if (closed) {
            return;
        }
        options.onState?.("reconnecting");
        setTimeout(connect, parser.retry ?? options.retryMs ?? 3000);
    }
    connect();
    return () => {
        closed = true;
        task?.abort();
    };
}
