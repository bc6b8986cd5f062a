// Child process of test/engine/sdk-handlers.spec.ts: starts a pack's handlers in-process (no gRPC)
// and answers the requests of a JSON file, writing each response's bytes (or the call's error) to
// an output JSON file (stdout would be cut short by the exit). Run once with
// KSL_SDK_HANDLERS=shipped and once without, the outputs must agree.
//   node -r ts-node/register/transpile-only test/helpers/sdk-responses.ts PACKDIR REQUESTS.json OUT.json
import * as fs from "fs";
import * as path from "path";
import { call, loadService, type Handler } from "../../bench/pack-handlers";

export interface RequestSet {
    /** base64 of a ConfigureAnalyzerRequest, an AnalyzerStackConfigureRequest, AnalyzeRequests, AnalyzeStackRequests. */
    configure: string;
    configureStack: string;
    analyze: string[];
    analyzeStack: string[];
}

export interface Responses {
    /** Whether the pack serves its shared-request handlers (policypacks/serving/sdk-handlers.ts). */
    shared: boolean;
    /** Whether its Analyze/AnalyzeStack requests are decoded with plain properties. */
    plainProperties?: boolean;
    /** Whether its Analyze/AnalyzeStack responses are written by response-encode.ts. */
    nativeResponses?: boolean;
    /** base64 of each response, or the error the call failed with. */
    analyze: (string | { code?: number; message: string })[];
    analyzeStack: (string | { code?: number; message: string })[];
}

async function main() {
    const [packDir, file, outFile] = process.argv.slice(2);
    const apb = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [packDir] }));
    const { service, handlers: h } = loadService(path.resolve(packDir));
    const set = JSON.parse(fs.readFileSync(file, "utf8")) as RequestSet;
    const bytes = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
    await call(h.configureStack, apb.AnalyzerStackConfigureRequest.deserializeBinary(bytes(set.configureStack)));
    await call(h.configure, apb.ConfigureAnalyzerRequest.deserializeBinary(bytes(set.configure)));
    const answer = async (handler: Handler, request: unknown, serialize: (m: unknown) => Buffer) => {
        try {
            return serialize(await call(handler, request)).toString("base64");
        } catch (e) {
            const err = e as { code?: number; details?: string; message?: string };
            // The SDK puts the error's stack into the message; the frames name the handler's own file.
            const message = String(err.details ?? err.message).split("\n").filter((l) => !/^\s+at /.test(l)).join("\n");
            return { code: err.code, message };
        }
    };
    const out: Responses = { shared: (h.analyze as { __kslShared?: boolean }).__kslShared === true, analyze: [], analyzeStack: [] };
    out.plainProperties = (service.analyze.requestDeserialize as { __kslPlain?: boolean }).__kslPlain === true;
    out.nativeResponses = (service.analyze.responseSerialize as { __kslPlain?: boolean }).__kslPlain === true;
    // Decoded and encoded by the service's own functions, as grpc-js calls them.
    const { analyze, analyzeStack } = service;
    for (const r of set.analyze) out.analyze.push(await answer(h.analyze, analyze.requestDeserialize(Buffer.from(r, "base64")), analyze.responseSerialize));
    for (const r of set.analyzeStack) out.analyzeStack.push(await answer(h.analyzeStack, analyzeStack.requestDeserialize(Buffer.from(r, "base64")), analyzeStack.responseSerialize));
    fs.writeFileSync(outFile, JSON.stringify(out));
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`${e?.stack ?? e}\n`);
        process.exit(1);
    },
);
