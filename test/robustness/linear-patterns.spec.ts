// Every regular expression the policies export runs on user data (a ConfigMap value may be 1 MiB)
// and must be linear-time: a property test over all of them, on adversarial values built from each
// pattern's own tokens. Linearity is shown by growth, never by a time budget: the cost on 1 MiB
// against the cost on 64 KiB of the same value, in the same run. Linear code grows 16-fold, a
// quadratic backtracking pattern 256-fold; the bound (64) leaves room for noise on a loaded machine.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { credentialEntries, credentialShape, isSensitiveName } from "../../policypacks/policies/kubernetes/data/sensitive";
import { globMatch } from "../../policypacks/lib/secret-refs";

const ROOT = path.resolve(__dirname, "..", "..");
const MIB = 1024 * 1024;
const SMALL = 64 * 1024;
/** 1 MiB is 16× the small input: linear growth is 16, quadratic 256. */
const MAX_GROWTH = 64;

function modules(dir: string): string[] {
    const out: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
            if (e.name !== "dist" && e.name !== "node_modules") out.push(...modules(p));
        } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
    }
    return out;
}

/** Every RegExp a module exports, directly or inside exported arrays and objects. */
function exportedPatterns(): Array<{ where: string; re: RegExp }> {
    const found: Array<{ where: string; re: RegExp }> = [];
    const seen = new Set<RegExp>();
    const visit = (v: unknown, where: string, depth: number) => {
        if (v instanceof RegExp) {
            if (!seen.has(v)) found.push({ where, re: v }), seen.add(v);
        } else if (depth < 3 && v && typeof v === "object" && !(v instanceof Map) && !(v instanceof Set)) {
            for (const [k, x] of Object.entries(v)) visit(x, `${where}.${k}`, depth + 1);
        }
    };
    for (const file of [...modules(path.join(ROOT, "policypacks", "policies")), ...modules(path.join(ROOT, "policypacks", "lib"))]) {
        const mod = require(file);
        for (const [name, v] of Object.entries(mod)) visit(v, `${path.relative(ROOT, file)}:${name}`, 0);
    }
    return found;
}

/** A string the pattern almost matches: its literal tokens in order, classes as one of their characters. */
export function skeleton(source: string): string {
    let out = "";
    let lookaround = 0;
    const depthStack: boolean[] = [];
    for (let i = 0; i < source.length; i++) {
        const c = source[i];
        if (c === "\\") {
            const n = source[++i];
            if (lookaround) continue;
            out += n === "d" ? "0" : n === "w" ? "a" : n === "s" ? " " : n === "b" || n === "B" ? "" : n === "n" ? "\n" : n === "t" ? "\t" : n;
        } else if (c === "[") {
            let j = i + 1;
            const negated = source[j] === "^";
            if (negated) j++;
            let first = source[j] === "\\" ? source[j + 1] : source[j];
            while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
            i = j;
            if (first === "s") first = " ";
            if (!lookaround) out += negated ? "a" : first;
        } else if (c === "(") {
            const isLook = /^\(\?<?[=!]/.test(source.slice(i, i + 4));
            depthStack.push(isLook);
            if (isLook) lookaround++;
            if (source[i + 1] === "?") i += source[i + 2] === "<" && source[i + 3] !== "=" && source[i + 3] !== "!" ? 0 : source[i + 2] === "<" ? 3 : 2;
        } else if (c === ")") {
            if (depthStack.pop()) lookaround--;
        } else if (c === "{") {
            while (i < source.length && source[i] !== "}") i++;
        } else if ("*+?^$|".includes(c)) {
            continue;
        } else if (!lookaround) out += c;
    }
    return out;
}

const SEPARATORS = ["", " ", "-", "_", ".", ":", "/", "=", ";", "@", "\n", "\t", "a", "A", "0", "\"", "'"];

function repeatTo(unit: string, size: number): string {
    if (unit === "") unit = "a";
    return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** The fastest of a few runs: the least disturbed by other load on the machine. */
function fastest(fn: () => void, runs = 5): number {
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        fn();
        best = Math.min(best, performance.now() - t0);
    }
    return best;
}

/**
 * Asserts linear growth: `run(size)` prepares the work on a value of `size` characters and returns
 * it; the 1 MiB run may cost at most MAX_GROWTH times the 64 KiB run.
 */
function linear(what: string, run: (size: number) => () => void): void {
    const small = run(SMALL);
    const big = run(MIB);
    small(); // warm up the code paths once
    const tSmall = fastest(small);
    const tBig = fastest(big, 3);
    // Sub-microsecond timings carry no signal: compare against the timer's resolution at least.
    const growth = tBig / Math.max(tSmall, 0.001);
    assert.ok(growth < MAX_GROWTH, `${what}: 1 MiB took ${growth.toFixed(0)}× as long as 64 KiB (${tBig.toFixed(2)} ms vs ${tSmall.toFixed(3)} ms): not linear-time`);
}

/** Adversarial 1 MiB values for a skeleton: a prefix of it and a separator, repeated; or a mix of its pieces. */
const adversarial = (sk: string) =>
    fc.oneof(
        fc.tuple(fc.integer({ min: 1, max: Math.max(1, sk.length) }), fc.constantFrom(...SEPARATORS)).map(([n, sep]) => repeatTo(sk.slice(0, n) + sep, MIB)),
        fc
            .array(fc.tuple(fc.integer({ min: 0, max: Math.max(0, sk.length - 1) }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 4 })
            .map((pieces) => repeatTo(pieces.map(([at, len, sep]) => sk.slice(at, at + len) + sep).join(""), MIB)),
    );

describe("robustness: every exported pattern is linear-time on adversarial values (growth from 64 KiB to 1 MiB)", function () {
    this.timeout(120_000);
    const patterns = exportedPatterns();

    it("finds the patterns the policies export (the test covers something)", () => {
        assert.ok(patterns.length >= 20, `only ${patterns.length} exported patterns found`);
        assert.ok(patterns.some((p) => p.where.endsWith("sensitive.ts:URL_WITH_PASSWORD")));
    });

    for (const { where, re } of patterns) {
        it(`${where} ${re}`, () => {
            const sk = skeleton(re.source);
            // Deterministic worst cases first (the whole skeleton, each separator), then random mixes.
            const test = (value: string) => () => {
                re.lastIndex = 0;
                re.test(value);
            };
            for (const sep of SEPARATORS) linear(`${re} on (${JSON.stringify(sk + sep)})*`, (size) => test(repeatTo(sk + sep, size)));
            fc.assert(
                fc.property(adversarial(sk), (value) => {
                    linear(`${re} on (${JSON.stringify(value.slice(0, 24))}…)`, (size) => test(value.slice(0, size)));
                }),
                { seed: 20261201, numRuns: 8 },
            );
        });
    }

    it("the data policies' detectors (credential shapes, config entries, names) stay linear", () => {
        const tokens = ["postgres://", "a", "user:", "pass@", "eyJ", "xoxb-", "-----BEGIN ", "RSA ", "PRIVATE KEY", "password", "=", ";", " ", "\t", "AKIA", "ghp_", "sk_live_"];
        fc.assert(
            fc.property(fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 5 }), (parts) => {
                linear(`credentialShape on (${JSON.stringify(parts.join(""))})*`, (size) => {
                    const value = repeatTo(parts.join(""), size);
                    return () => credentialShape(value);
                });
                linear(`credentialEntries on lines of ${JSON.stringify(parts.join(""))}`, (size) => {
                    const lines = repeatTo(`db.password=${parts.join("")}\n`, size);
                    return () => credentialEntries(lines);
                });
            }),
            { seed: 20261201, numRuns: 20 },
        );
        linear("credentialEntries on a line of blanks", (size) => {
            const value = `a=${" ".repeat(size)}x\nb=c`;
            return () => credentialEntries(value);
        });
        linear("isSensitiveName on a long name", (size) => {
            const name = repeatTo("aB_", size);
            return () => isSensitiveName(name);
        });
    });

    it("name patterns with many wildcards match in linear time", () => {
        linear("globMatch(*a*a*…*b)", (size) => {
            const value = "a".repeat(size);
            return () => assert.equal(globMatch("*a*a*a*a*a*a*a*a*a*a*b", value), false);
        });
        linear("globMatch(a*a*…)", (size) => {
            const value = "a".repeat(size);
            return () => assert.equal(globMatch("a*a*a*a*a*a", value), true);
        });
    });
});
