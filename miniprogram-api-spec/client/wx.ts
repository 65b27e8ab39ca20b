// The mini-program's side: wx.request as the client's transport, and the live feed over a
// chunked wx.request (the mini-program has no EventSource), resumed by lastEventId.
import type { Transport } from "./api.js";
import { SseParser, Utf8Chunks, type SseEvent } from "./sse.js";

interface WxRequestTask {
  abort(): void;
  onChunkReceived(listener: (result: { data: ArrayBuffer }) => void): void;
}

interface WxRequestOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: string;
  dataType?: string;
  responseType?: string;
  enableChunked?: boolean;
  timeout?: number;
  success?: (result: { statusCode: number; data: unknown; header: Record<string, string> }) => void;
  fail?: (error: { errMsg: string }) => void;
}

declare const wx: { request(options: WxRequestOptions): WxRequestTask };

/** The client's transport over wx.request. */
export const wxTransport: Transport = {
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
          const lower: Record<string, string> = {};
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

export interface FeedStreamOptions {
  /** The stream's URL (with orgId when narrowing); lastEventId is added on reconnect. */
  url: string;
  /** A fresh access token for each connection. */
  token: () => string | null;
  onEvent: (event: SseEvent) => void;
  onState?: (state: "open" | "reconnecting") => void;
  /** Reconnection delay when the server sent no retry field. */
  retryMs?: number;
}

/**
 * Opens the feed and keeps it open: on an ended or failed request it reconnects after the
 * retry delay, resuming after the last event id it saw. Answers a function that closes it.
 */
export function wxFeedStream(options: FeedStreamOptions): () => void {
  let closed = false;
  let task: WxRequestTask | null = null;
  const parser = new SseParser();

  function connect() {
    if (closed) {
      return;
    }
    const decoder = new Utf8Chunks();
    const separator = options.url.includes("?") ? "&" : "?";
    const url = parser.lastEventId ? `${options.url}${separator}lastEventId=${encodeURIComponent(parser.lastEventId)}` : options.url;
    const header: Record<string, string> = { Accept: "text/event-stream" };
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
