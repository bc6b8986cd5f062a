import { isObject } from "../../../lib/k8s";
import { podTemplatePath } from "../../../lib/pod-specs";
import { Path, rawAt, Unknowns, workloadPods, namespaceKeyOrDefer } from "../../../lib/preview-unknowns";
import { stackPolicy } from "../../../lib/policy";
import { Item, StackIndex, UNKNOWN, describe, kindOf, nonEmpty } from "../../../lib/stack-index";
import { annotationNames, matchesNamePattern, SecretRef, secretRefs } from "../../../lib/secret-refs";

interface Config {
    externalSecrets: string[];
    checkImagePullSecrets: boolean;
}

/** Workload annotation (pod template or resource) listing Secrets provisioned outside the stack. */
export const EXTERNAL_SECRETS_ANNOTATION = "secrets.ksl.dev/external";

/** Stands for a provided Secret whose name is not known at preview. */
const ANY = "\u0000unknown";

/** `external-secrets.io` from `kubernetes:external-secrets.io/v1:ExternalSecret`. */
function groupOf(type: string): string {
    const m = /^kubernetes:([^/]+)\//.exec(type);
    return m ? m[1] : "";
}

/**
 * The Secret names an object of the stack creates in its namespace: a Secret itself, or an operator
 * resource that writes one (External Secrets Operator, Secrets Store CSI sync, cert-manager, Sealed
 * Secrets). Names unknown at preview are left out.
 */
function providedSecrets(i: Item): string[] {
    const provider = PROVIDERS[`${groupOf(i.type)}/${kindOf(i.type)}`];
    if (!provider) return [];
    // A provider whose name is unknown at preview may be any Secret: not verifiable.
    if (i.props.metadata === UNKNOWN || (isObject(i.props.metadata) && i.props.metadata.name === UNKNOWN)) return [ANY];
    return provider(isObject(i.props.spec) ? i.props.spec : {}, i.name);
}

const PROVIDERS: Record<string, (spec: any, name: string | undefined) => string[]> = {
    "core/Secret": (_spec, name) => (name ? [name] : []),
    "external-secrets.io/ExternalSecret": (spec, name) => {
        const target = isObject(spec.target) ? nonEmpty(spec.target.name) : undefined;
        return target ? [target] : name ? [name] : [];
    },
    "secrets-store.csi.x-k8s.io/SecretProviderClass": (spec) =>
        (Array.isArray(spec.secretObjects) ? spec.secretObjects : [])
            .map((o: unknown) => (isObject(o) ? nonEmpty(o.secretName) : undefined))
            .filter((n: unknown): n is string => !!n),
    "cert-manager.io/Certificate": (spec) => {
        const n = nonEmpty(spec.secretName);
        return n ? [n] : [];
    },
    "bitnami.com/SealedSecret": (spec, name) => {
        const t = isObject(spec.template) && isObject(spec.template.metadata) ? nonEmpty(spec.template.metadata.name) : undefined;
        return t ? [t] : name ? [name] : [];
    },
};

/** Annotation value on the pod template, else on the resource; UNKNOWN when the one that decides is unknown. */
function annotation(item: Item, key: string): unknown {
    const podAnns = rawAt(item.props, [...podTemplatePath(item.type), "metadata", "annotations"]);
    if (podAnns === UNKNOWN) return UNKNOWN;
    const podAnn = isObject(podAnns) ? podAnns[key] : undefined;
    if (typeof podAnn === "string" || podAnn === UNKNOWN) return podAnn;
    const anns = rawAt(item.props, ["metadata", "annotations"]);
    if (anns === UNKNOWN) return UNKNOWN;
    return isObject(anns) ? anns[key] : undefined;
}

/** Where the unknown annotation (or the map holding it) sits, from the resource root. */
function annotationPath(item: Item): Path {
    const podPath: Path = [...podTemplatePath(item.type), "metadata", "annotations"];
    const podAnns = rawAt(item.props, podPath);
    if (podAnns === UNKNOWN) return unknownPrefix(item.props, podPath);
    if (isObject(podAnns) && podAnns[EXTERNAL_SECRETS_ANNOTATION] === UNKNOWN) return [...podPath, EXTERNAL_SECRETS_ANNOTATION];
    return unknownPrefix(item.props, ["metadata", "annotations", EXTERNAL_SECRETS_ANNOTATION]);
}

/** The shortest prefix of `path` whose value is unknown (or `path` itself). */
function unknownPrefix(root: unknown, path: Path): Path {
    for (let i = 0; i <= path.length; i++) if (rawAt(root, path.slice(0, i)) === UNKNOWN) return path.slice(0, i);
    return path;
}

/**
 * A workload's Secrets come from the same stack or are declared external (stack
 * half). A reference to a Secret nothing declares is a credential provisioned out of band - nobody
 * reviewed where it comes from - or another component's Secret borrowed from the namespace.
 */
export const requireSecretsInStack = stackPolicy<Config>(
    {
        name: "require-secrets-in-stack",
        measure: "data.secret-scope",
        description:
            "Every Secret a workload references (secret and projected volumes, Secret-backed volume credentials, secretKeyRef and envFrom secretRef; imagePullSecrets when checkImagePullSecrets is true) must be created in the same namespace by the stack - as a Secret, or by an ExternalSecret, a Secrets Store CSI SecretProviderClass (secretObjects), a cert-manager Certificate or a SealedSecret - or be declared external: in externalSecrets (`name` or `namespace/name` patterns, `*` wildcard) or in the workload's `secrets.ksl.dev/external` annotation (comma-separated names). A Secret that nothing in the stack declares was provisioned out of band, where nobody reviews what it holds or who else uses it, or it belongs to another component of the namespace.",
        severity: "low",
        remediationSteps:
            "Declare the Secret in the stack, preferably as an ExternalSecret or SecretProviderClass that syncs it from Key Vault or another external store; or, for a Secret another team or controller provisions, list it in externalSecrets or the workload's `secrets.ksl.dev/external` annotation so the dependency is explicit.",
        configSchema: {
            properties: {
                externalSecrets: {
                    type: "array",
                    items: { type: "string" },
                    default: [],
                    description: "Secrets provisioned outside the stack: `name` (any namespace) or `namespace/name`, `*` wildcard.",
                },
                checkImagePullSecrets: { type: "boolean", default: false, description: "Also check spec.imagePullSecrets." },
            },
        },
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.of(args.resources);
            const external = Array.isArray(config.externalSecrets) ? config.externalSecrets.filter((p): p is string => typeof p === "string") : [];
            const provided = new Map<string, Set<string>>();
            const inNs = (key: string): Set<string> => {
                let s = provided.get(key);
                if (!s) {
                    s = new Set(idx.inNamespace(key).flatMap(providedSecrets));
                    provided.set(key, s);
                }
                return s;
            };
            // Unknowns that decide a reference are deferred (the first one wins) while the known ones are checked.
            for (const { w, pod, u } of workloadPods(idx.items)) {
                const refs = secretRefs(pod, { imagePullSecrets: config.checkImagePullSecrets === true }, u);
                u.raise();
                if (refs.length === 0) continue;
                const ns = idx.nsOf(w);
                const key = namespaceKeyOrDefer(ns, w, u);
                if (key === undefined) continue;
                const nsName = ns.kind === "known" ? ns.name : "default";
                const ann = annotation(w, EXTERNAL_SECRETS_ANNOTATION);
                const declared = annotationNames(ann);
                const isExternal = (name: string) =>
                    declared.includes(name) ||
                    matchesNamePattern(external, nsName, name);
                // One finding per Secret name, at its first reference.
                const first = new Map<string, SecretRef>();
                for (const r of refs) if (!first.has(r.name)) first.set(r.name, r);
                for (const r of first.values()) {
                    if (inNs(key).has(r.name) || isExternal(r.name)) continue;
                    // A provider or an annotation unknown at preview might declare it: not checkable.
                    if (inNs(key).has(ANY)) {
                        const p = idx.inNamespace(key).find((i) => providedSecrets(i).includes(ANY))!;
                        const pu = new Unknowns();
                        pu.note(p.props.metadata === UNKNOWN ? ["metadata"] : ["metadata", "name"]);
                        pu.raise();
                        continue;
                    }
                    if (ann === UNKNOWN) {
                        const au = new Unknowns();
                        au.note(annotationPath(w));
                        au.raise();
                        continue;
                    }
                    report(
                        w.r,
                        `${describe(w, ns)} references Secret "${r.name}" (${r.field}${r.container ? ` of ${r.container}` : ""}), which is neither created in namespace "${nsName ?? idx.nsLabel(ns)}" by the stack nor declared external (externalSecrets or the ${EXTERNAL_SECRETS_ANNOTATION} annotation).`,
                    );
                }
            }
        },
    },
);
