// A policy pack served inside ksl's process, on a worker thread: the pack is loaded exactly as
// `@pulumi/pulumi/cmd/run-policy-pack` loads it (its package.json main, its own @pulumi/policy),
// and the service it registers with gRPC is captured instead of bound to a socket. Requests arrive as the bytes the engine
// would send over gRPC and go through the service's own request deserializer, handler and
// response serializer: the same messages as over the wire, without HTTP/2.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-var-requires */
import * as path from "path";
import * as fs from "fs";
import { parentPort, workerData } from "worker_threads";
import { deferClosureModules } from "./deferred-modules";

interface Init {
    packDir: string;
    env: Record<string, string>;
}
interface Request {
    id: number;
    path: string;
    bytes: Uint8Array;
}

const { packDir, env } = workerData as Init;
Object.assign(process.env, env);
// @pulumi/policy reads the pack's version from `${process.cwd()}/package.json`, as in the pack's own process.
process.cwd = () => packDir;

const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [packDir] }));
deferClosureModules(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [policyDir] })));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
const proto = grpc.Server.prototype;
let captured: { service: Record<string, any>; impl: Record<string, any> } | undefined;
proto.addService = function (service: Record<string, any>, impl: Record<string, any>) {
    captured = { service, impl };
};
// The service is served here, not on a port: binding is a no-op whose callback never runs (so the
// SDK prints no port either).
proto.bindAsync = function () {
    return undefined;
};

const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
require(path.resolve(packDir, typeof pkg.main === "string" ? pkg.main : "index.js"));
if (!captured) throw new Error(`policy pack ${packDir} registered no analyzer service`);
const { service, impl } = captured;
const byPath = new Map(Object.entries(service).map(([name, def]: [string, any]) => [def.path, { name, def }]));

parentPort!.on("message", (req: Request) => {
    const method = byPath.get(req.path);
    const reply = (error: { code: number; details: string } | undefined, bytes?: Uint8Array) => {
        if (bytes) parentPort!.postMessage({ id: req.id, bytes }, [bytes.buffer as ArrayBuffer]);
        else parentPort!.postMessage({ id: req.id, error });
    };
    if (!method || typeof impl[method.name] !== "function") return reply({ code: grpc.status.UNIMPLEMENTED, details: `${req.path} is not implemented` });
    let request: unknown;
    try {
        request = method.def.requestDeserialize(Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength));
    } catch (e) {
        return reply({ code: grpc.status.INTERNAL, details: `cannot decode the request: ${(e as Error).message}` });
    }
    const call = { request, metadata: new grpc.Metadata(), getPeer: () => "in-process", cancelled: false };
    try {
        impl[method.name](call, (err: any, response: unknown) => {
            if (err) return reply({ code: typeof err.code === "number" ? err.code : grpc.status.UNKNOWN, details: String(err.details ?? err.message ?? err) });
            try {
                const out: Buffer = method.def.responseSerialize(response);
                // A copy the worker may transfer: the serializer's buffer may be a view into a pool.
                reply(undefined, new Uint8Array(out));
            } catch (e) {
                reply({ code: grpc.status.INTERNAL, details: `cannot encode the response: ${(e as Error).message}` });
            }
        });
    } catch (e) {
        reply({ code: grpc.status.UNKNOWN, details: (e as Error).stack ?? String(e) });
    }
});
parentPort!.postMessage({ ready: true });
