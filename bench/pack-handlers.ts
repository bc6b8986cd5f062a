// A pack's analyzer handlers in this process: the object the pack hands to grpc.Server.addService,
// with no server bound. Used by the in-process floor of `npm run bench`.
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (call: { request: unknown }, cb: (e: unknown, r: any) => void) => unknown;

/** Requires the pack's entry point (once per process) and returns the handlers it registered. */
export function loadHandlers(packDir: string): Record<string, Handler> {
    return loadService(packDir).handlers;
}

/** The service definition (with its request decoders) and the handlers the pack registered. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadService(packDir: string): { service: Record<string, { requestDeserialize: (b: Buffer) => any; responseSerialize: (m: any) => Buffer }>; handlers: Record<string, Handler> } {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [packDir] }));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
    let handlers: Record<string, Handler> | undefined;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let service: any;
    grpc.Server.prototype.addService = function (s: unknown, impl: Record<string, Handler>) {
        service = s;
        handlers = impl;
    };
    grpc.Server.prototype.bindAsync = function () {};
    require(path.join(packDir, require(path.join(packDir, "package.json")).main ?? "index.js"));
    if (!handlers) throw new Error(`${packDir} registered no analyzer service`);
    return { service, handlers };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function call(h: Handler, request: unknown): Promise<any> {
    return new Promise((resolve, reject) => h({ request }, (e, r) => (e ? reject(e) : resolve(r))));
}
