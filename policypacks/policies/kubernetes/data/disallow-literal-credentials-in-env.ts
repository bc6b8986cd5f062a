import { resourcePolicy } from "../../../lib/policy";
import { containersOf, describeContainer, isObject } from "../../../lib/k8s";
import { containerPathOf, POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { credentialArgs, credentialShape, DEFAULT_IGNORED_SUFFIXES, isLiteralValue, isSensitiveName } from "./sensitive";

interface Config {
    ignoredNameSuffixes: string[];
    allowedNames: string[];
    sensitiveNames: string[];
}

export const disallowLiteralCredentialsInEnv = resourcePolicy<Config>(
    {
        name: "disallow-literal-credentials-in-env",
        measure: "data.no-literal-credentials",
        description:
            "Containers must not carry credentials as literal values in their environment or command line: an env entry whose name marks a credential (PASSWORD, PASS, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CONNECTION_STRING, ..._AUTH, ..._TOKEN_ID, ... and the config's sensitiveNames) with a literal value, any env value or command/args entry shaped like a credential (a private key, a URL or connection string with a password, a JWT, a cloud or GitHub token), or a flag named like one with a literal value (--db-password=...), is rejected. Literal values are stored in plain text in the workload object, visible to everyone who can read it and in every copy of the manifest. Names ending in a location or metadata word (_FILE, _PATH, _NAME, _URL, ...) are not credentials; names in allowedNames are skipped. The value is never printed.",
        severity: "high",
        remediationSteps:
            "Store the credential in a Secret (better: an external store synced or mounted by the Secrets Store CSI driver, AKS Key Vault provider or External Secrets Operator) and mount it as a file; use valueFrom.secretKeyRef only if the application cannot read files.",
        configSchema: {
            properties: {
                ignoredNameSuffixes: { type: "array", items: { type: "string" }, default: [...DEFAULT_IGNORED_SUFFIXES], description: "Name suffixes that never hold a credential (e.g. _FILE, _PATH, _URL without password); matched case-insensitively." },
                allowedNames: { type: "array", items: { type: "string" }, default: [], description: "Environment variable names to accept although they look like credentials." },
                sensitiveNames: { type: "array", items: { type: "string" }, default: [], description: "More name fragments that mark a credential in your environment (e.g. `license`, `seed`), matched case-insensitively without separators." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const suffixes = Array.isArray(ctx.config.ignoredNameSuffixes) ? ctx.config.ignoredNameSuffixes.filter((s) => typeof s === "string").map((s) => s.toLowerCase()) : DEFAULT_IGNORED_SUFFIXES;
                const allowed = new Set(Array.isArray(ctx.config.allowedNames) ? ctx.config.allowedNames : []);
                const extra = Array.isArray(ctx.config.sensitiveNames) ? ctx.config.sensitiveNames.filter((x) => typeof x === "string") : [];
                for (const v of containersOf(pod.spec)) {
                    const at = containerPathOf(pod, v);
                    if (Array.isArray(v.c.env)) {
                        v.c.env.forEach((e: any, i: number) => {
                            if (!isObject(e) || typeof e.name !== "string" || allowed.has(e.name)) return;
                            if (!isLiteralValue(e.value)) return;
                            const where = `${describeContainer(v)} (${at}.env[${i}])`;
                            const shape = credentialShape(e.value);
                            if (shape) report(`${where} env "${e.name}" has a literal value that looks like ${shape}.`);
                            else if (isSensitiveName(e.name, suffixes, extra)) report(`${where} env "${e.name}" is named like a credential and has a literal value.`);
                        });
                    }
                    for (const field of ["command", "args"] as const) {
                        if (!Array.isArray(v.c[field])) continue;
                        for (const hit of credentialArgs(v.c[field], suffixes, extra)) report(`${describeContainer(v)} (${at}.${field}[${hit.index}]) ${hit.what}.`);
                    }
                }
            }
        },
    },
);
