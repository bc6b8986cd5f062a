import { resourcePolicy } from "../../../lib/policy";
import { isObject, T } from "../../../lib/k8s";

/** `ksl scan` names the stack of manifest files `scan` and its project `manifests` (docs/report-format.md). */
const SCANNED = /^urn:pulumi:scan::manifests::/;

interface Config {
    allowedTypes: string[];
}

/**
 * A Secret manifest with values, in a tree of manifest files: the file holds the credential in
 * plain text (base64 is an encoding), for everyone who can read the repository, forever in its
 * history. A Secret a Pulumi program declares is judged by where its values come from instead
 * (disallow-literal-credentials-in-env, config secrets), so this policy reads scanned files only.
 */
export const disallowPlaintextSecretManifests = resourcePolicy<Config>(
    {
        name: "disallow-plaintext-secret-manifests",
        measure: "data.secrets-external-store",
        description:
            "A Secret manifest read from a file (ksl scan of a manifest tree) must not carry its values in data or stringData: base64 is an encoding, not encryption, so the credential sits in plain text in the file, in every clone of the repository and in its history. Keep secrets in an external store (External Secrets Operator, the Secrets Store CSI driver, Sealed Secrets, SOPS) and commit only the reference. Secret types listed in allowedTypes are accepted.",
        severity: "medium",
        remediationSteps:
            "Remove the values from the manifest and rotate the credential it exposed. Commit an ExternalSecret or SecretProviderClass (or a SealedSecret / SOPS-encrypted file) instead, and let the controller create the Secret in the cluster.",
        configSchema: {
            properties: {
                allowedTypes: { type: "array", items: { type: "string" }, default: [], description: "Secret types whose values may be committed (e.g. a CA bundle's `Opaque` Secret in a test repository)." },
            },
        },
    },
    {
        types: [T.Secret],
        validate: (props, ctx, report) => {
            if (!SCANNED.test(ctx.urn)) return;
            const type = typeof props?.type === "string" ? props.type : "Opaque";
            if (Array.isArray(ctx.config.allowedTypes) && ctx.config.allowedTypes.includes(type)) return;
            const keys = ["data", "stringData"].flatMap((f) => (isObject(props?.[f]) ? Object.keys(props[f]).map((k) => `${f}.${k}`) : []));
            if (!keys.length) return;
            report(`Secret (type ${type}) carries ${keys.length} value${keys.length === 1 ? "" : "s"} (${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}) in the manifest file: they are in plain text in the repository.`);
        },
    },
);
