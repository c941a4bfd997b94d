// HTTP field grammar (RFC 9110 section 5), shared by the hub's two lean HTTP/1.1 ends: the upstream
// client of the relay (http1Client.ts) and the front that serves the relay's requests (fastFront.ts).

/** A field name (and any other `token`). */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A field value as node:http accepts it: no CR, LF, NUL or other controls but HTAB. */
export const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const ASCII_VALUE = /^[\t\x20-\x7e]*$/;

/** Whether a header value is plain ASCII: the same bytes whether it goes out as latin1 or as UTF-8. */
export function asciiFieldValue(value: string): boolean {
  return ASCII_VALUE.test(value);
}
