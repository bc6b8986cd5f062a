// YAML as Kubernetes tools read it. kubectl, kubeadm, the kubelet and the Kubernetes provider decode
// YAML with sigs.k8s.io/yaml, which resolves plain scalars as go-yaml v2 does (YAML 1.1): `yes`,
// `On`, `y` are true and `no`, `Off`, `n` false (as keys too), `8_080` is 8080, `0777` and `0o777`
// are octal, `0b101` binary; unlike YAML 1.1 as the yaml library knows it, timestamps and
// sexagesimal numbers (`190:20:30`) stay strings, and a value JSON cannot hold (`.inf`) is an error.
// `hostPID: On` runs in the host's PID namespace: a scanner that read it as the string "On" would
// pass it. Held to the real kubectl by test/engine/yaml-kubectl.spec.ts.
import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from "yaml";

type Tag = NonNullable<SchemaOptions["customTags"]> extends infer T ? (T extends (tags: infer U) => unknown ? U extends Array<infer E> ? E : never : never) : never;

/** A tag test for plain scalars: the yaml library calls `test.test(value)`. */
const tester = (fn: (s: string) => boolean) => ({ test: fn }) as unknown as RegExp;

// go-yaml v2 (resolve.go): a plain scalar starting with a digit or a sign is an integer when
// strconv.ParseInt(s without "_", base 0) accepts it (0x, 0o, 0b, a leading 0 for octal), else a
// float when it matches yamlStyleFloat; one starting with "." is a float when ParseFloat accepts it.
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const digitOrSign = (s: string) => /^[-+0-9]/.test(s);

function goInt(s: string): number {
    const p = s.replace(/_/g, "");
    const neg = p.startsWith("-");
    const u = p.replace(/^[-+]/, "");
    const v = /^0[xX]/.test(u) ? parseInt(u.slice(2), 16) : /^0[oO]/.test(u) ? parseInt(u.slice(2), 8) : /^0[bB]/.test(u) ? parseInt(u.slice(2), 2) : /^0[0-7]+$/.test(u) ? parseInt(u, 8) : parseInt(u, 10);
    return neg ? -v : v;
}

function kubectlTags(tags: Tag[]): Tag[] {
    const int = tags.find((t: any) => t.tag === "tag:yaml.org,2002:int") as any;
    const float = tags.find((t: any) => t.tag === "tag:yaml.org,2002:float" && !t.format) as any;
    // YAML 1.1's numbers, timestamps and sexagesimals out; go-yaml v2's numbers in (after its
    // bool/null/.inf/.nan table, which the yaml-1.1 schema has as go-yaml has it).
    const kept = tags.filter((t: any) => !["tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"].includes(t.tag) && !(t.tag === "tag:yaml.org,2002:float" && !/inf/.test(String(t.test))));
    const goIntTag = { ...int, format: undefined, test: tester((s) => digitOrSign(s) && GO_INT.test(s.replace(/_/g, ""))), resolve: goInt };
    const goFloatTag = {
        ...float,
        format: undefined,
        test: tester((s) => (digitOrSign(s) && GO_FLOAT.test(s.replace(/_/g, ""))) || DOT_FLOAT.test(s)),
        resolve: (s: string) => parseFloat(s.startsWith(".") ? s : s.replace(/_/g, "")),
    };
    return [...kept, goIntTag, goFloatTag] as Tag[];
}

/** Options for the yaml library's parse/parseAllDocuments that decode as kubectl does. */
export const KUBE_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
    schema: "yaml-1.1",
    customTags: kubectlTags as SchemaOptions["customTags"],
    merge: true,
};

/** toJS options that go with KUBE_YAML. */
export const KUBE_TO_JS: ToJSOptions = { maxAliasCount: 1000 };

/**
 * The path of the first value JSON cannot represent (`.inf`, `.nan`), which kubectl refuses
 * ("json: unsupported value"); undefined when there is none.
 */
export function unrepresentable(v: unknown, path: string[] = []): string[] | undefined {
    if (typeof v === "number") return Number.isFinite(v) ? undefined : path;
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
            const hit = unrepresentable(v[i], [...path, String(i)]);
            if (hit) return hit;
        }
        return undefined;
    }
    if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
            const hit = unrepresentable(x, [...path, k]);
            if (hit) return hit;
        }
    }
    return undefined;
}
