// Dependencies point one way: policies → lib → catalog; components and policies share only neutral
// modules (policypacks/lib, the catalog, kubeadm/), never each other's internals; a Kubernetes
// policy area never reaches into another area. Every relative import of the product code is
// checked against these rules, so a change that runs against the direction fails here.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const PRODUCT = ["policypacks", "components", "provider", "kubeadm", "engine", "stacks", "bench", "scripts"];

/** The zone a repository path belongs to. */
function zone(rel: string): string {
    const p = rel.split(path.sep).join("/");
    let m: RegExpExecArray | null;
    if (p.startsWith("policypacks/catalog/")) return "catalog";
    if (p.startsWith("policypacks/lib/")) return "lib";
    if ((m = /^policypacks\/policies\/kubernetes\/([^/]+)\//.exec(p))) return `area:${m[1]}`;
    if (p.startsWith("policypacks/policies/kubernetes/")) return "areas";
    if (p.startsWith("policypacks/policies/aks/")) return "platform:aks";
    if (p.startsWith("policypacks/policies/onprem/")) return "platform:onprem";
    if (p.startsWith("policypacks/policies/")) return "policies";
    if (p.startsWith("policypacks/")) return "packs";
    if (p.startsWith("kubeadm/")) return "kubeadm";
    if (p.startsWith("components/")) return "components";
    if (p.startsWith("test/")) return "test";
    return p.split("/")[0];
}

/** Which zones a zone may import (besides itself). */
function allowed(from: string, to: string): boolean {
    if (from === to) return true;
    if (to === "test") return false;
    switch (from) {
        case "catalog":
            return false;
        case "lib":
            return to === "catalog";
        case "kubeadm":
            return false;
        case "components":
            return ["lib", "catalog", "kubeadm"].includes(to);
        case "provider":
            // The component package serves the components and nothing else.
            return to === "components";
        case "platform:onprem":
            return ["lib", "catalog", "kubeadm"].includes(to);
        case "platform:aks":
        case "policies":
            return ["lib", "catalog"].includes(to);
        case "areas":
            return to.startsWith("area:") || ["lib", "catalog"].includes(to);
        case "packs":
            return to.startsWith("area:") || to.startsWith("platform:") || ["areas", "policies", "lib", "catalog"].includes(to);
        default:
            if (from.startsWith("area:")) return ["lib", "catalog"].includes(to);
            // engine, stacks, bench, scripts: the top of the graph.
            return true;
    }
}

function tsFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : tsFiles(full);
        return /\.(ts|js)$/.test(e.name) ? [full] : [];
    });
}

const SPECIFIER = /(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

describe("architecture: one-way dependencies", () => {
    it("every relative import of the product code follows the direction", () => {
        const wrong: string[] = [];
        let checked = 0;
        for (const file of PRODUCT.flatMap((d) => tsFiles(path.join(ROOT, d)))) {
            const from = zone(path.relative(ROOT, file));
            for (const m of fs.readFileSync(file, "utf8").matchAll(SPECIFIER)) {
                const target = path.relative(ROOT, path.resolve(path.dirname(file), m[1]));
                const to = zone(target.startsWith("..") ? target : target + "/");
                checked++;
                if (!allowed(from, to)) wrong.push(`${path.relative(ROOT, file)} (${from}) imports ${m[1]} (${to})`);
            }
        }
        assert.ok(checked > 500, `only ${checked} imports seen: the scan is broken`);
        assert.deepEqual(wrong, []);
    });

    it("the rules reject what they must (a policy area reaching into another, lib into a policy, the catalog into lib)", () => {
        assert.equal(allowed("area:network", "area:namespace"), false);
        assert.equal(allowed("lib", "area:rbac"), false);
        assert.equal(allowed("catalog", "lib"), false);
        assert.equal(allowed("platform:onprem", "components"), false);
        assert.equal(allowed("components", "platform:onprem"), false);
        assert.equal(allowed("kubeadm", "components"), false);
        assert.equal(allowed("provider", "packs"), false);
        assert.equal(allowed("packs", "area:workload"), true);
    });
});

describe("architecture: wire values defined once", () => {
    it("the unknown and secret sentinels are Pulumi's own", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const rpc = require("@pulumi/pulumi/runtime/rpc");
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const wire = require("../policypacks/lib/wire");
        assert.equal(wire.UNKNOWN_WIRE_VALUE, rpc.unknownValue);
        assert.equal(wire.SECRET_SIG_KEY, rpc.specialSigKey);
        assert.equal(wire.SECRET_SIG, rpc.specialSecretSig);
    });

    it("no other file restates them", () => {
        const values = ["04da6b54-80e4-46f7-96ec-b56ff0331ba9", "4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"];
        const offenders = PRODUCT.flatMap((d) => tsFiles(path.join(ROOT, d)))
            .concat(tsFiles(path.join(ROOT, "test", "helpers")))
            .filter((f) => !f.endsWith(path.join("lib", "wire.ts")))
            .filter((f) => values.some((v) => fs.readFileSync(f, "utf8").includes(v)))
            .map((f) => path.relative(ROOT, f));
        assert.deepEqual(offenders, []);
    });
});
