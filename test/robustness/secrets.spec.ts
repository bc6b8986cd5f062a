// Canary secrets never reach a message or a report: through the harness over every policy (canaries
// in env values, ConfigMap/Secret data, on-prem keys and tokens, Azure tags; literal and as Pulumi
// secrets), and end to end through `ksl scan` and `ksl preview` in text, JSON and SARIF, where the
// engine also masks Pulumi secrets at any path (policies see them unwrapped).
import { strict as assert } from "assert";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allSeeds, appliesTo, resourcePolicies, stackPolicies } from "./seeds";
import { runResourcePolicy, runStackPolicy, secret } from "../helpers/policy-harness";
import { ksl, realPacks, ROOT } from "./helpers";
import { pathsOf } from "./mutate";

const CANARY = /CANARY|c4n4ry|Q0FOQVJZ/; // Q0FOQVJZ: "CANARY" in base64

/** Canaries at the places that hold secrets, literal or wrapped. */
function withCanaries(props: Record<string, any>, n: number, wrap: boolean): Record<string, any> {
    const out = JSON.parse(JSON.stringify(props));
    const v = (tag: string) => (wrap ? secret(`CANARY-${tag}-${n}`) : `CANARY-${tag}-${n}`);
    for (const p of pathsOf(out)) {
        const last = p[p.length - 1];
        const parent = p.slice(0, -1).reduce((o: any, k) => o?.[k], out);
        if (!parent || typeof parent !== "object") continue;
        if (last === "value" && typeof parent.name === "string") parent.value = v("ENV"); // env[].value
        if (p.length === 2 && (p[0] === "data" || p[0] === "stringData") && typeof parent[last] === "string" && !/kind:/.test(parent[last])) parent[last] = v("DATA");
        if (p.length === 2 && p[0] === "tags") parent[last] = v("TAG");
        if (last === "secret" || last === "token" || last === "bootstrapToken" || last === "aescbcKey" || last === "keyData") parent[last] = v("KEY");
    }
    if (out.metadata && typeof out.metadata === "object") out.metadata.annotations = { ...(out.metadata.annotations ?? {}), "waivers.ksl.dev/pss-privileged": "expires=CANARY; justification=x" };
    return out;
}

describe("robustness: canary secrets never appear in violation messages (harness, every policy)", () => {
    it("every resource policy on every seed with canaries, literal and as Pulumi secrets", () => {
        let checked = 0;
        allSeeds().forEach((s, i) => {
            for (const wrap of [false, true]) {
                const props = withCanaries(s.props, i, wrap);
                for (const p of resourcePolicies().filter((x) => appliesTo(x, s.type))) {
                    for (const v of runResourcePolicy(p, { type: s.type, name: s.name, props })) {
                        checked++;
                        assert.doesNotMatch(v.message, CANARY, `${p.name} on ${s.type} ${s.name}`);
                    }
                }
            }
        });
        assert.ok(checked > 100, `only ${checked} messages checked`);
    });

    it("every stack policy over seeds with canaries", () => {
        for (const wrap of [false, true]) {
            const resources = allSeeds().map((s, i) => ({ type: s.type, name: `${s.name}-${i}`, props: withCanaries(s.props, i, wrap) }));
            for (const p of stackPolicies()) for (const v of runStackPolicy(p, resources)) assert.doesNotMatch(v.message, CANARY, p.name);
        }
    });

    it("fuzzed: canary credentials in env values and ConfigMap data under random keys", () => {
        const cred = resourcePolicies().filter((p) => ["disallow-literal-credentials-in-env", "disallow-sensitive-configmap-content", "disallow-secrets-from-env-vars"].includes(p.name));
        fc.assert(
            fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 30 }), fc.boolean(), (key, suffix, wrap) => {
                const val = `CANARY${suffix}`;
                const pod = { metadata: { name: "p" }, spec: { containers: [{ name: "a", image: "nginx", env: [{ name: key, value: wrap ? secret(val) : val }, { name: "PASSWORD", value: val }] }] } };
                const cm = { metadata: { name: "c", namespace: "a" }, data: { [key]: val, password: val, "app.properties": `db.password=${val}\n` } };
                for (const p of cred) {
                    for (const v of [...runResourcePolicy(p, { type: "kubernetes:core/v1:Pod", props: pod }), ...runResourcePolicy(p, { type: "kubernetes:core/v1:ConfigMap", props: cm })]) {
                        assert.ok(!v.message.includes(val), `${p.name}: ${v.message}`);
                    }
                }
            }),
            { seed: 7, numRuns: 150 },
        );
    });
});

describe("robustness: canary secrets never appear in ksl reports (end to end)", function () {
    this.timeout(180_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-canary-"));
        const key = Buffer.from("CANARY-AESCBC-KEY-0123456789abcd").toString("base64");
        fs.writeFileSync(
            path.join(dir, "canaries.yaml"),
            [
                "apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: apps}\ndata:\n  password: " + Buffer.from("CANARY-SECRET-B64").toString("base64") + "\nstringData:\n  token: CANARY-SECRET-STRING\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: apps}\ndata:\n  DB_PASSWORD: CANARY-CM-LITERAL\n  app.properties: \"db.password=CANARY-CM-PROPS\"\n",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n          env:\n            - {name: DB_PASSWORD, value: CANARY-ENV-LITERAL}\n            - {name: AWS_SECRET_ACCESS_KEY, value: CANARY-ENV-AWS}\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: encryption, namespace: kube-system}\ndata:\n  encryption.yaml: |\n    apiVersion: apiserver.config.k8s.io/v1\n    kind: EncryptionConfiguration\n    resources:\n      - resources: [secrets]\n        providers:\n          - identity: {}\n          - aescbc:\n              keys:\n                - name: k1\n                  secret: " + key + "\n  join: |\n    apiVersion: kubeadm.k8s.io/v1beta4\n    kind: JoinConfiguration\n    discovery:\n      bootstrapToken:\n        token: c4n4ry.c4n4ryt0k3n5ecr\n        apiServerEndpoint: k8s:6443\n        unsafeSkipCAVerification: true\n",
            ].join("---\n"),
        );
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    // Every format through the aks pack; the onprem pack (same renderers) in JSON.
    for (const [pack, formats] of [["aks", ["text", "json", "sarif"]], ["onprem", ["json"]]] as const) {
        for (const format of formats) {
            it(`ksl scan --pack ${pack} --format ${format}`, async () => {
                const r = await ksl(["scan", path.join(dir, "canaries.yaml"), "--pack", realPacks()[pack], "--format", format], { timeoutMs: 60_000 });
                assert.equal(r.timedOut, false);
                assert.equal(r.code, 1, r.stderr); // the insecure objects block
                assert.match(r.stdout, /disallow-literal-credentials-in-env/);
                assert.doesNotMatch(r.stdout + r.stderr, CANARY);
            });
        }
    }

    for (const [pack, formats] of [["aks", ["text", "sarif"]], ["onprem", ["json"]]] as const) {
        it(`ksl preview of a program with pulumi.secret canaries at many paths --pack ${pack}, ${formats.join(" and ")}`, async () => {
            const project = path.join(ROOT, "test", "fixtures", "hostile", "secret-program", "Pulumi.yaml");
            for (const format of formats) {
                const r = await ksl(["preview", "--project", project, "--stack", "dev", "--pack", realPacks()[pack], "--format", format], { timeoutMs: 90_000 });
                assert.equal(r.timedOut, false);
                assert.equal(r.code, 1, r.stderr);
                // The secret-wrapped image is still checked (its tag is :latest), but shown masked.
                assert.match(r.stdout, /disallow-latest-tag/);
                assert.match(r.stdout, /\[secret\]/);
                assert.doesNotMatch(r.stdout + r.stderr, CANARY, `${pack} ${format}`);
            }
        });
    }
});
