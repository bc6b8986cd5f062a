// Robustness II: no input gets round a limit or a check. Each case is one way a hostile or merely
// unusual input used to get past the scanner (alias amplification, backtracking patterns, merge
// keys, nested Lists, config typos, control characters, UTF-16, duplicate keys).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decodeText, parseManifests } from "../../engine/sources/manifests";
import { restrictImageRegistries } from "../../policypacks/policies/kubernetes/supply-chain/restrict-image-registries";
import { runResourcePolicy } from "../helpers/policy-harness";
import { assertOneLineError, ksl } from "./helpers";

const privilegedPod = (name: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext: {privileged: true}\n`;

describe("robustness II: no input gets round a limit or a check", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-robust2-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const f = (name: string, content: string | Buffer) => {
        const p = path.join(dir, name);
        fs.writeFileSync(p, content);
        return p;
    };
    const scan = (target: string, extra: string[] = []) => ksl(["scan", target, "--pack", "aks", "--format", "json", ...extra], { timeoutMs: 60_000, maxOldSpaceMb: 512 });
    const policiesOn = (stdout: string, name: string) => (JSON.parse(stdout).violations as Array<{ policy: string; resource: { name: string } }>).filter((v) => v.resource.name === name).map((v) => v.policy);

    it("alias amplification: a 1 MB anchor and 999 aliases is refused on its expansion, naming file and line", async () => {
        let text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: amp}\ndata:\n  a: &a "${"x".repeat(1024 * 1024)}"\n`;
        for (let i = 0; i < 999; i++) text += `  k${i}: *a\n`;
        assertOneLineError(await scan(f("amp.yaml", text)), /amp\.yaml:1: YAML aliases expand this document past the 32 MB limit/);
    });

    it("a 400 KB URL-like ConfigMap value (below the API's 1 MiB limit) is scanned, not timed out", async () => {
        const r = await scan(f("big-value.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: apps}\ndata:\n  endpoint: "${"a".repeat(400 * 1024)} postgres://shop:${"p".repeat(10)}@db:5432/shop"\n`));
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.ok(policiesOn(r.stdout, "big").includes("disallow-sensitive-configmap-content"));
    });

    it("merge keys are applied as kubectl applies them: a privileged anchor merged into securityContext is flagged", async () => {
        const text = [
            "apiVersion: v1",
            "kind: Pod",
            "metadata: {name: merged, namespace: apps}",
            "spec:",
            "  containers:",
            "    - name: sidecar",
            "      image: nginx:1.27",
            "      env: [{name: MODE, value: debug}]",
            "      resources: &base {limits: {cpu: 100m}}",
            "    - name: app",
            "      image: nginx:1.27",
            "      securityContext:",
            "        <<: {privileged: true}",
            "        runAsNonRoot: true",
            "",
        ].join("\n");
        const r = await scan(f("merge.yaml", text));
        assert.equal(r.code, 1, r.stderr);
        assert.ok(policiesOn(r.stdout, "merged").includes("pss-privileged"));
        assert.deepEqual(Object.keys((parseManifests(text, "m.yaml")[0].object as any).spec.containers[1].securityContext).sort(), ["privileged", "runAsNonRoot"]);
    });

    it("a List inside a List is flattened: the privileged Pod inside is checked", async () => {
        const text = [
            "apiVersion: v1",
            "kind: List",
            "items:",
            "  - apiVersion: v1",
            "    kind: PodList",
            "    items:",
            "      - apiVersion: v1",
            "        kind: Pod",
            "        metadata: {name: inner, namespace: apps}",
            "        spec:",
            "          containers: [{name: c, image: nginx, securityContext: {privileged: true}}]",
            "",
        ].join("\n");
        const objects = parseManifests(text, "nested.yaml");
        assert.deepEqual(objects.map((o) => [o.object.kind, o.line]), [["Pod", 7]]);
        const r = await scan(f("nested.yaml", text));
        assert.equal(r.code, 1, r.stderr);
        assert.ok(policiesOn(r.stdout, "inner").includes("pss-privileged"));
    });

    it("Lists nested past the limit are refused, naming file and line", () => {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: leaf}\n";
        for (let i = 0; i < 20; i++) text = `apiVersion: v1\nkind: List\nitems:\n${text.split("\n").filter(Boolean).map((l, j) => (j === 0 ? `  - ${l}` : `    ${l}`)).join("\n")}\n`;
        assert.throws(() => parseManifests(text, "deep.yaml"), /deep\.yaml:\d+: Lists nested more than 16 levels deep/);
    });

    it("duplicate keys are an error naming file and line, never a guess", async () => {
        assertOneLineError(await scan(f("dup.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: []\n  containers: [{name: c, image: nginx, securityContext: {privileged: true}}]\n")), /dup\.yaml:6:3: duplicate key/);
    });

    it("UTF-16 and UTF-32 files with a byte-order mark are decoded as kubectl does", async () => {
        const text = privilegedPod("wide");
        assert.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])), text);
        const u32 = Buffer.alloc(4 + text.length * 4);
        u32.set([0xff, 0xfe, 0, 0]);
        for (let i = 0; i < text.length; i++) u32.writeUInt32LE(text.charCodeAt(i), 4 + i * 4);
        assert.equal(decodeText(u32), text);
        const r = await scan(f("wide.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])));
        assert.equal(r.code, 1, r.stderr);
        assert.ok(policiesOn(r.stdout, "wide").includes("pss-privileged"));
    });

    it("a misspelt policy name or option in --config is an error naming the key and the closest name", async () => {
        const pod = f("pod.yaml", privilegedPod("p"));
        assertOneLineError(await scan(pod, ["--config", f("typo.json", JSON.stringify({ "pss-privilegd": "advisory" }))]), /typo\.json: 'pss-privilegd' is not a policy .*did you mean 'pss-privileged'/);
        assertOneLineError(
            await scan(pod, ["--config", f("opt.json", JSON.stringify({ "restrict-image-registries": { allowedRegistry: ["x.io"] } }))]),
            /opt\.json: policy 'restrict-image-registries': unknown option 'allowedRegistry' \(did you mean 'allowedRegistries'\?\)/,
        );
        const ok = await ksl(["config", "validate", f("good.json", JSON.stringify({ all: "advisory", "pss-privileged": "mandatory" }))]);
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /good\.json: valid for k8s-security-aks and k8s-security-onprem \(1 policy configured, all: "advisory"\)/);
        assertOneLineError(await ksl(["config", "validate", path.join(dir, "opt.json")]), /unknown option 'allowedRegistry'/);
    });

    it("the pack itself refuses an unknown option (pulumi preview --policy-pack-config lets it through)", () => {
        assert.throws(
            () => runResourcePolicy(restrictImageRegistries, { type: "kubernetes:core/v1:Pod", props: { spec: { containers: [{ name: "c", image: "nginx" }] } }, config: { allowedRegistry: ["x.io"] } }),
            /policy 'restrict-image-registries': unknown config option 'allowedRegistry' \(did you mean 'allowedRegistries'\?\)/,
        );
    });

    it("control characters in a file name are escaped: the error stays one line", async () => {
        assertOneLineError(await scan(path.join(dir, "evil\nname\u001b[2J.yaml")), /evil\\nname\\u001b\[2J\.yaml: no such file or directory/);
    });

    it("a usage error is one line and a hint, not the help text", async () => {
        assertOneLineError(await ksl(["scan", "x.yaml", "--pack", "aks", "--format", "bogus"]), /argument 'bogus' is invalid.*\(see ksl scan --help\)$/);
        assertOneLineError(await ksl(["nope"]), /unknown command 'nope' \(see ksl --help\)$/);
    });
});
