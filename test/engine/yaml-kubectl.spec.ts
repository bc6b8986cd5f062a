// YAML exactly as kubectl decodes it: every scalar and document form of the table is decoded by
// ksl's manifest reader and by the real kubectl 1.35 (`kubectl label --local -o json`, which reads
// the file with the same decoder as `kubectl apply` and prints the object as JSON), and the two must
// agree - on values, on types (`On` is true, `8_080` is 8080) and on what is refused.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseManifests } from "../../engine/sources/manifests";
import { renderTools } from "../helpers/render-tools";
import { scratchPath } from "../helpers/scratch";

/** Values under `data:` of a ConfigMap: name → YAML source of the value (after `key: `). */
const SCALARS: Record<string, string> = {
    // YAML 1.1 booleans, every spelling go-yaml v2 knows (and words it does not)
    b1: "yes", b2: "Yes", b3: "YES", b4: "no", b5: "No", b6: "NO", b7: "on", b8: "On", b9: "ON", b10: "off", b11: "Off", b12: "OFF",
    b13: "y", b14: "Y", b15: "n", b16: "N", b17: "true", b18: "True", b19: "TRUE", b20: "false", b21: "False", b22: "FALSE",
    b23: "yEs", b24: "oN", b25: "enable", b26: "t", b27: "f",
    // integers: separators, bases, signs
    i1: "8080", i2: "8_080", i3: "1_000_000", i4: "0777", i5: "0o777", i6: "0x1F", i7: "0X1F", i8: "0b101", i9: "+12", i10: "-12", i11: "-0777",
    i12: "012345678", i13: "0", i14: "00", i15: "3__4", i16: "_1", i17: "1_", i18: "0x_1F", i19: "0b1_0",
    // floats
    f1: "1.5", f2: "1e3", f3: "1.0", f4: "0.", f5: ".5", f6: "-1.5e-3", f7: "1_000.5", f8: "6.8523015e+5",
    // nulls
    n1: "~", n2: "null", n3: "Null", n4: "NULL", n5: "", n6: "nULL",
    // what YAML 1.1 would type and go-yaml v2 does not
    s1: "2001-12-14t21:59:43.10-05:00", s2: "2002-12-14", s3: "190:20:30", s4: "1:30.5", s5: "=", s6: "<<x",
    // quoted, tagged, escaped
    q1: "'yes'", q2: '"On"', q3: "'0777'", q4: '"8_080"', q5: "!!str 123", q6: "!!str yes", q7: '"caf\\u00e9"', q8: "'it''s'", q9: '"tab\\there"', q10: "!!float 3",
    // strings that look like something else
    w1: "1.2.3", w2: "0x", w3: "0b", w5: "+", w6: ".", w7: "1e", w8: "v1.0", w9: "0o8", w10: "0b2", w11: "http://x:1", w12: "a: b".replace(": ", ":"),
    // block scalars
    l1: "|\n    line one\n    line two\n", l2: ">\n    folded\n    text\n", l3: "|-\n    kept\n", l4: ">+\n    kept\n\n", l5: "|2\n      indented\n",
    // flow collections
    c1: "[yes, no, 8_080, ~]", c2: "{a: On, b: 0x10}", c3: "[]", c4: "{}",
};

/** Whole documents whose structure matters: keys, anchors, merges, streams. */
const DOCUMENTS: Record<string, string> = {
    // (`y` and `on` are one key, true: ksl refuses duplicate keys, where kubectl keeps the last)
    "boolean keys": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keys}\ndata:\n  y: 1\n  Off: 2\n  '8_080': 4\n  8_081: 5\n  0x10: 6\n",
    "anchors and merge keys": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: merge}\ndata:\n  base: &b {x: 1, y: On}\n  copy: *b\n  merged:\n    <<: *b\n    x: 2\n  list:\n    <<: [*b, {z: off}]\n",
    "a pod with YAML 1.1 host access": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: On\n  hostNetwork: y\n  hostIPC: yes\n  containers:\n    - name: c\n      image: nginx\n      ports: [{containerPort: 8_080, hostPort: 0x50}]\n      securityContext: {privileged: Yes, runAsUser: 0o0}\n",
    "a stream with markers and comments": "# leading comment\n---\napiVersion: v1 # trailing\nkind: ConfigMap\nmetadata: {name: one}\n...\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\ndata: {a: No}\n",
    "JSON": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json"}, "data": {"a": "yes", "b": 1.50, "c": true}}\n',
};

/** Forms kubectl refuses, which ksl must refuse too. */
const REFUSED: Record<string, string> = {
    ".inf": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: inf}\ndata: {a: .inf}\n",
    ".nan": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nan}\ndata: {a: .NaN}\n",
    "a tab for indentation": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tab\n",
    "an unclosed flow sequence": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: [a, b\n",
};

function kubectl(file: string): { ok: boolean; objects: unknown[]; stderr: string } {
    const r = spawnSync(renderTools().kubectl, ["label", "--local", "-f", file, "ksl-yaml-diff=1", "-o", "json"], { encoding: "utf8", env: { ...process.env, KUBECONFIG: "/dev/null" } });
    if (r.status !== 0) return { ok: false, objects: [], stderr: r.stderr };
    // One JSON object per input object, printed one after the other.
    const objects: any[] = [];
    let depth = 0;
    let start = -1;
    let inString = false;
    for (let i = 0; i < r.stdout.length; i++) {
        const ch = r.stdout[i];
        if (inString) {
            if (ch === "\\") i++;
            else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === "{" && depth++ === 0) start = i;
        else if (ch === "}" && --depth === 0) objects.push(JSON.parse(r.stdout.slice(start, i + 1)));
    }
    for (const o of objects) {
        delete o.metadata.labels["ksl-yaml-diff"];
        if (Object.keys(o.metadata.labels).length === 0) delete o.metadata.labels;
    }
    return { ok: true, objects, stderr: "" };
}

function ksl(text: string, file: string): { ok: boolean; objects: unknown[]; error?: string } {
    try {
        // Through JSON, as the engine sends objects on: key order aside, what the pack receives.
        return { ok: true, objects: parseManifests(text, file).map((m) => JSON.parse(JSON.stringify(m.object))) };
    } catch (e) {
        return { ok: false, objects: [], error: (e as Error).message };
    }
}

/** Deep equality that ignores key order (kubectl prints keys sorted). */
function canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    return v;
}

describe("engine: YAML decoded exactly as kubectl decodes it", function () {
    this.timeout(120_000);

    it("every scalar form of the table: the same value and type", () => {
        const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: scalars}", "data:"];
        for (const [k, v] of Object.entries(SCALARS)) lines.push(`  ${k}: ${v.replace(/\n/g, "\n  ")}`.replace(/\s+$/, (m) => (m.includes("\n") ? m : "")));
        const text = lines.join("\n") + "\n";
        const file = scratchPath("yaml-kubectl", "scalars.yaml");
        fs.writeFileSync(file, text);
        const k = kubectl(file);
        assert.ok(k.ok, k.stderr);
        const mine = ksl(text, file);
        assert.ok(mine.ok, mine.error);
        const theirs = (k.objects[0] as any).data;
        const ours = (mine.objects[0] as any).data;
        const differ = Object.keys(SCALARS).filter((key) => JSON.stringify(canonical(theirs[key])) !== JSON.stringify(canonical(ours[key])) || typeof theirs[key] !== typeof ours[key]);
        assert.deepEqual(
            differ.map((key) => `${key}: ${JSON.stringify(SCALARS[key])} kubectl=${JSON.stringify(theirs[key])} ksl=${JSON.stringify(ours[key])}`),
            [],
        );
        assert.equal(Object.keys(SCALARS).length, Object.keys(theirs).length, "kubectl decoded every key");
    });

    for (const [name, text] of Object.entries(DOCUMENTS)) {
        it(`${name}: the same objects`, () => {
            const file = scratchPath("yaml-kubectl", `${name.replace(/\W+/g, "-")}.yaml`);
            fs.writeFileSync(file, text);
            const k = kubectl(file);
            assert.ok(k.ok, k.stderr);
            const mine = ksl(text, file);
            assert.ok(mine.ok, mine.error);
            assert.deepEqual(canonical(mine.objects), canonical(k.objects));
        });
    }

    for (const [name, text] of Object.entries(REFUSED)) {
        it(`${name}: refused by both, ksl naming the file and line`, () => {
            const file = scratchPath("yaml-kubectl", `refused-${name.replace(/\W+/g, "-")}.yaml`);
            fs.writeFileSync(file, text);
            assert.equal(kubectl(file).ok, false, "kubectl accepted it");
            const mine = ksl(text, file);
            assert.equal(mine.ok, false, "ksl accepted it");
            assert.match(mine.error ?? "", new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+`));
        });
    }

    it("a pod whose host access is spelled in YAML 1.1 is blocked by the packs", async () => {
        const { runCli } = await import("./helpers");
        const file = path.join(path.dirname(scratchPath("yaml-kubectl", "x")), "pod-yaml11.yaml");
        fs.writeFileSync(file, DOCUMENTS["a pod with YAML 1.1 host access"].replace("metadata: {name: p}", "metadata: {name: p, namespace: apps}"));
        const r = await runCli(["scan", file, "--pack", "onprem", "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        const v = JSON.parse(r.stdout).violations as Array<{ policy: string; message: string }>;
        assert.ok(v.some((f) => f.policy === "pss-host-namespaces" && /hostNetwork=true, hostPID=true, hostIPC=true/.test(f.message)), JSON.stringify(v.map((f) => f.message)));
        assert.ok(v.some((f) => f.policy === "pss-host-ports" && /80/.test(f.message)));
        assert.ok(v.some((f) => f.policy === "pss-privileged"));
    });
});
