// A text/event-stream parser for transports that hand over the body in chunks (the
// mini-program's wx.request with enableChunked: it has no EventSource). Follows the HTML
// standard's rules: lines end in CRLF, LF or CR (also split across chunks), "data" lines
// join with LF, a comment line starts with ":", an event is dispatched on a blank line, "id"
// sets the last event id (kept for resuming) and "retry" the reconnection delay.
export class SseParser {
    constructor() {
        this.buffer = "";
        this.data = [];
        this.eventName = "";
        this.pendingCr = false;
        this.lastEventId = "";
        this.retry = null;
    }
    /** Feeds decoded text; answers the events completed by it. */
    push(text) {
        const events = [];
        let chunk = text;
        if (this.pendingCr && chunk.startsWith("\n")) {
            // the LF of a CRLF split across chunks
            chunk = chunk.slice(1);
        }
        this.pendingCr = false;
        this.buffer += chunk;
        for (;;) {
            const match = /\r\n|\r|\n/.exec(this.buffer);
            if (!match) {
                break;
            }
            if (match[0] === "\r" && match.index === this.buffer.length - 1) {
                this.pendingCr = true;
            }
            const line = this.buffer.slice(0, match.index);
            this.buffer = this.buffer.slice(match.index + match[0].length);
            const event = this.line(line);
            if (event) {
                events.push(event);
            }
        }
        return events;
    }
    line(line) {
        if (line === "") {
            if (this.data.length === 0) {
                this.eventName = "";
                return null;
            }
            const event = { event: this.eventName || "message", data: this.data.join("\n"), lastEventId: this.lastEventId };
            this.data = [];
            this.eventName = "";
            return event;
        }
        if (line.startsWith(":")) {
            return null;
        }
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) {
            value = value.slice(1);
        }
        switch (field) {
            case "data":
                this.data.push(value);
                break;
            case "event":
                this.eventName = value;
                break;
            case "id":
                if (!value.includes("\u0000")) {
                    this.lastEventId = value;
                }
                break;
            case "retry":
                if (/^\d+$/.test(value)) {
                    this.retry = Number(value);
                }
                break;
            default:
                break;
        }
        return null;
    }
}
/**
 * Incremental UTF-8 decoding of byte chunks whose boundaries may split a character
 * (the mini-program's base library may lack TextDecoder).
 */
export class Utf8Chunks {
    constructor() {
        this.pending = [];
    }
    decode(chunk) {
        const bytes = this.pending.concat(Array.from(chunk));
        let end = bytes.length;
        // keep an incomplete trailing sequence for the next chunk
        for (let back = 1; back <= 3 && back <= bytes.length; back++) {
            const b = bytes[bytes.length - back];
            if ((b & 0xc0) === 0x80) {
                continue;
            }
            const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            if (need > back) {
                end = bytes.length - back;
            }
            break;
        }
        this.pending = bytes.slice(end);
        let out = "";
        for (let i = 0; i < end;) {
            const b = bytes[i];
            let cp;
            let len;
            if (b < 0x80) {
                cp = b;
                len = 1;
            }
            else if (b >= 0xf0) {
                cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
                len = 4;
            }
            else if (b >= 0xe0) {
                cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
                len = 3;
            }
            else {
                cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
                len = 2;
            }
            out += String.fromCodePoint(cp);
            i += len;
        }
        return out;
    }
}
