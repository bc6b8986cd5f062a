// One root cause, one finding in the report: several policies (or several objects) can report the
// same cause - an image reference without a digest, signature or scan evidence. A policy names the
// cause in its message with this marker; the ksl reports group findings by it. Shared by the packs,
// the engine and the tests.

const MARKER = /\s*\(root cause: ([^()]+)\)(?=\.?$)/;

/** `message (root cause: <cause>)`, keeping a final period last. */
export function withCause(message: string, cause: string): string {
    const m = /\.$/.exec(message);
    return m ? `${message.slice(0, -1)} (root cause: ${cause}).` : `${message} (root cause: ${cause})`;
}

/** The root cause a message names, if any. */
export function causeOf(message: string): string | undefined {
    const last = message.split("\n").filter((l) => l.trim()).pop() ?? "";
    return MARKER.exec(last)?.[1];
}
