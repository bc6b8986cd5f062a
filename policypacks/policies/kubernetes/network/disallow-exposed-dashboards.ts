import { T, deferUnknown, isObject } from "../../../lib/k8s";
import { podTemplatePath } from "../../../lib/pod-specs";
import { perPlatformPolicy, stackPolicy } from "../../../lib/policy";
import { inNamespace } from "../../../lib/namespace-groups";
import { Item, StackIndex, UNKNOWN, describe, isWorkload, podLabels, str, strList } from "../../../lib/stack-index";
import { hasUnknown, matchServiceSelector } from "../../../lib/selectors";
import { exposure, internalLoadBalancerAnnotations } from "./service-exposure";
import type { Platform } from "../../../catalog/platforms";

interface Dashboard {
    product: string;
    match: RegExp;
}

export const DASHBOARDS: Dashboard[] = [
    { product: "Kubernetes Dashboard", match: /(^|\/)(kubernetesui\/dashboard|kubernetes-dashboard(-amd64|-arm64|-arm)?)([:@]|$)/ },
    { product: "Helm 2 Tiller", match: /(^|\/)tiller([:@]|$)/ },
    { product: "Weave Scope", match: /(^|\/)weaveworks\/scope([:@]|$)/ },
    { product: "Grafana", match: /(^|\/)grafana\/grafana(-oss|-enterprise)?([:@]|$)/ },
    { product: "Kiali", match: /(^|\/)kiali\/kiali([:@]|$)/ },
];

/** Grafana's anonymous access is harmless as a Viewer of public dashboards; as Editor or Admin it hands over the instance. */
const GRAFANA_PRIVILEGED_ROLES = new Set(["admin", "editor"]);

/** `auth.strategy: anonymous` in Kiali's config (ConfigMap `config.yaml`) or its Kiali resource: no login at all. */
function kialiAnonymous(i: Item): boolean {
    if (i.type.endsWith(":Kiali")) return str(i.props?.spec?.auth?.strategy)?.toLowerCase() === "anonymous";
    if (i.type !== T.ConfigMap) return false;
    const data = i.props?.data;
    if (!isObject(data)) return false;
    return Object.values(data).some((v) => typeof v === "string" && anonymousStrategy(v));
}

/** A top-level `auth:` block of a YAML text with `strategy: anonymous` in it (line by line: linear). */
function anonymousStrategy(text: string): boolean {
    let inAuth = false;
    for (const line of text.split("\n")) {
        if (/^auth:\s*$/.test(line)) inAuth = true;
        else if (/^\S/.test(line)) inAuth = false;
        else if (inAuth && line.trim().replace(/["']/g, "") === "strategy: anonymous") return true;
    }
    return false;
}

const DANGEROUS_FLAGS: Record<string, string> = {
    "--enable-skip-login": "lets anyone skip the login screen and act as the dashboard's service account",
    "--disable-settings-authorizer": "lets any user change the dashboard's global settings",
    "--enable-insecure-login": "accepts logins over plain HTTP",
    "--authentication-mode=basic": "accepts basic-auth credentials",
};

function flagSet(args: string[], flag: string): boolean {
    return args.some((a) => {
        if (flag.includes("=")) return a === flag;
        return a === flag || a === `${flag}=true`;
    });
}

interface EnvView {
    /** Env entries by name, with their index for field paths. */
    byName: Map<string, { e: any; i: number }>;
    /** Path of the first env list/entry/name unknown during preview: any name may hide there. */
    unknown?: string;
}

function envOf(c: any, path: string): EnvView {
    const out: EnvView = { byName: new Map() };
    if (c?.env === UNKNOWN) return { ...out, unknown: `${path}.env` };
    (Array.isArray(c?.env) ? c.env : []).forEach((e: any, i: number) => {
        if (e === UNKNOWN || (isObject(e) && e.name === UNKNOWN)) out.unknown ??= `${path}.env[${i}]`;
        else if (isObject(e) && typeof e.name === "string") out.byName.set(e.name, { e, i });
    });
    return out;
}

/** Path of an unknown command or args list (or element), where any flag may hide; undefined if known. */
function unknownArgs(c: any, path: string): string | undefined {
    for (const k of ["command", "args"] as const) {
        if (c?.[k] === UNKNOWN) return `${path}.${k}`;
        const i = Array.isArray(c?.[k]) ? c[k].indexOf(UNKNOWN) : -1;
        if (i >= 0) return `${path}.${k}[${i}]`;
    }
    return undefined;
}

interface ContainerAt {
    name: string;
    c: any;
    /** Field path of the container in the resource, e.g. `spec.template.spec.containers[0]`. */
    path: string;
}

/**
 * The containers of a pod-carrying item's plain snapshot. An unknown template, spec, list or
 * container is passed to `unknown` (its image, hence whether it is a dashboard, is not known).
 */
function containersAt(w: Item, unknown: (path: string) => void): ContainerAt[] {
    let cur: any = w.props;
    const walked: string[] = [];
    for (const p of [...podTemplatePath(w.type), "spec"]) {
        cur = isObject(cur) ? cur[p] : undefined;
        walked.push(p);
        if (cur === UNKNOWN) {
            unknown(walked.join("."));
            return [];
        }
    }
    if (!isObject(cur)) return [];
    const out: ContainerAt[] = [];
    for (const kind of ["initContainers", "containers", "ephemeralContainers"] as const) {
        const list = cur[kind];
        const at = `${walked.join(".")}.${kind}`;
        if (list === UNKNOWN) unknown(at);
        if (!Array.isArray(list)) continue;
        list.forEach((c: any, i: number) => {
            if (c === UNKNOWN) unknown(`${at}[${i}]`);
            else if (isObject(c)) out.push({ name: typeof c.name === "string" ? c.name : `#${i}`, c, path: `${at}[${i}]` });
        });
    }
    return out;
}
/** Dashboards reachable from outside, or running with known-insecure settings (seed: no exposed dashboards). */
export const disallowExposedDashboardsFor = perPlatformPolicy((platform) => stackPolicy(
    {
        name: "disallow-exposed-dashboards",
        measure: "cluster.no-exposed-dashboards",
        description:
            "Cluster dashboards and management UIs (Kubernetes Dashboard, Helm 2 Tiller, Weave Scope, Grafana, Kiali), recognised by image, must not be exposed outside the cluster through a NodePort or public LoadBalancer Service or an Ingress, and must not run with insecure settings: Kubernetes Dashboard with --enable-skip-login, --disable-settings-authorizer, --enable-insecure-login or basic authentication, Tiller without TLS verification, Grafana with its well-known default admin credentials or anonymous access as Editor or Admin, or Kiali with auth.strategy anonymous. Exposed dashboards were the entry point of publicised cluster compromises for crypto-mining.",
        severity: "critical",
        remediationSteps:
            "Remove Tiller (Helm 3 needs no in-cluster component). Keep dashboards on ClusterIP and reach them with kubectl port-forward or behind an authenticating proxy; remove the insecure flags; set the Grafana admin password from a Secret (GF_SECURITY_ADMIN_PASSWORD from secretKeyRef) and disable anonymous access.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const w of idx.items.filter((i) => isWorkload(i))) {
                const ns = idx.nsOf(w);
                // A field unknown during preview that decides the verdict: not checkable (advisory), never a pass.
                const unknown = (path: string) => deferUnknown(path, describe(w, ns));
                const found: string[] = [];
                let product: string | undefined;
                for (const v of containersAt(w, unknown)) {
                    if (v.c.image === UNKNOWN) {
                        unknown(`${v.path}.image`);
                        continue;
                    }
                    const image = str(v.c.image);
                    const d = image ? DASHBOARDS.find((x) => x.match.test(image.toLowerCase())) : undefined;
                    if (!d) continue;
                    product = d.product;
                    const cargs = [...strList(v.c.command), ...strList(v.c.args)];
                    const argsUnknown = unknownArgs(v.c, v.path);
                    const where = `container "${v.name}" (${d.product})`;
                    if (d.product === "Kubernetes Dashboard") {
                        for (const [flag, why] of Object.entries(DANGEROUS_FLAGS)) {
                            if (flagSet(cargs, flag)) found.push(`${where} runs with ${flag}, which ${why}`);
                        }
                        if (argsUnknown) unknown(argsUnknown);
                    }
                    if (d.product === "Helm 2 Tiller") {
                        const env = envOf(v.c, v.path);
                        const tls = env.byName.get("TILLER_TLS_VERIFY");
                        const verify = tls?.e.value === "1" || cargs.includes("--tls-verify");
                        if (!verify) {
                            const why = tls?.e.value === UNKNOWN ? `${v.path}.env[${tls.i}].value` : (argsUnknown ?? (tls ? undefined : env.unknown));
                            if (why) unknown(why);
                            else found.push(`${where} runs without TLS verification (TILLER_TLS_VERIFY/--tls-verify): any pod can deploy charts with Tiller's cluster-wide rights`);
                        }
                    }
                    if (d.product === "Grafana") {
                        const env = envOf(v.c, v.path);
                        const pw = env.byName.get("GF_SECURITY_ADMIN_PASSWORD");
                        const fromFile = env.byName.has("GF_SECURITY_ADMIN_PASSWORD__FILE");
                        const hasEnvFrom = Array.isArray(v.c.envFrom) && v.c.envFrom.length > 0;
                        // Compare only against the published defaults; the value itself is never printed.
                        const literal = pw && typeof pw.e.value === "string" ? pw.e.value : undefined;
                        const anon = env.byName.get("GF_AUTH_ANONYMOUS_ENABLED");
                        const role = env.byName.get("GF_AUTH_ANONYMOUS_ORG_ROLE");
                        if (anon?.e.value === UNKNOWN) unknown(`${v.path}.env[${anon.i}].value`);
                        else if (str(anon?.e.value)?.toLowerCase() === "true") {
                            if (role?.e.value === UNKNOWN) unknown(`${v.path}.env[${role.i}].value`);
                            // Grafana's default anonymous role is Viewer.
                            else if (GRAFANA_PRIVILEGED_ROLES.has((str(role?.e.value) ?? "viewer").toLowerCase())) {
                                found.push(`${where} lets anyone in without logging in as ${str(role?.e.value)} (GF_AUTH_ANONYMOUS_ENABLED=true, GF_AUTH_ANONYMOUS_ORG_ROLE=${str(role?.e.value)})`);
                            }
                        }
                        if (pw?.e.value === UNKNOWN) unknown(`${v.path}.env[${pw.i}].value`);
                        else if (literal !== undefined && ["admin", "password", ""].includes(literal)) found.push(defaultCredentials(where));
                        else if (!pw && !fromFile && !hasEnvFrom) {
                            // The password may come from an unknown env entry or envFrom.
                            const why = env.unknown ?? (v.c.envFrom === UNKNOWN ? `${v.path}.envFrom` : undefined);
                            if (why) unknown(why);
                            else found.push(defaultCredentials(where));
                        }
                    }
                }
                if (!product) continue;
                if (product === "Kiali") {
                    const ns = idx.nsOf(w);
                    const config = [...(ns.kind === "known" ? inNamespace(idx, ns.key, T.ConfigMap) : []), ...idx.items.filter((i) => i.type.endsWith(":Kiali"))].find(kialiAnonymous);
                    if (config) found.push(`Kiali runs with auth.strategy: anonymous (${describe(config, idx.nsOf(config))}): anyone who reaches it sees and changes the mesh without logging in`);
                }
                found.push(...exposures(w, idx, platform));
                if (found.length) report(w.r, `${describe(w, ns)}: ${found.join("; ")}.`);
            }
        },
    },
));

function defaultCredentials(where: string): string {
    return `${where} keeps the well-known default admin credentials (GF_SECURITY_ADMIN_PASSWORD is unset or a default)`;
}

/**
 * Services (and Ingresses routing to them) that expose the workload's pods outside the cluster.
 * A Service or Ingress that may expose them, but whose selector, labels, namespace, type or
 * backends are unknown during preview, makes the policy not checkable (deferUnknown).
 */
function exposures(w: Item, idx: StackIndex, platform: Platform): string[] {
    const ns = idx.nsOf(w);
    if (ns.kind === "unknown") {
        deferUnknown("metadata.namespace", describe(w, ns));
        return [];
    }
    const key = ns.kind === "known" ? ns.key : "default";
    const labels = podLabels(w);
    const labelsPath = [...podTemplatePath(w.type), "metadata", "labels"].join(".");
    const out: string[] = [];
    const cfg = { allowNodePort: false, allowLoadBalancer: false, internalLoadBalancerAnnotations: internalLoadBalancerAnnotations(platform) };
    /** Services that select the pods (by name), and those that may (name → how to report the unknown). */
    const selecting = new Set<string>();
    const maybe = new Map<string, () => void>();
    let unnamed: (() => void) | undefined;
    const sameNs = new Set(inNamespace(idx, key, T.Service));
    const services = [...sameNs, ...idx.ofType(T.Service).filter((s) => idx.nsOf(s).kind === "unknown")];
    for (const s of services) {
        const at = describe(s, idx.nsOf(s));
        const spec = s.props?.spec;
        const selector = spec === UNKNOWN ? UNKNOWN : spec?.selector;
        const m = matchServiceSelector(selector, labels);
        if (m === false) continue;
        const rawName = s.props?.metadata === UNKNOWN ? UNKNOWN : s.props?.metadata?.name;
        if (m === true && sameNs.has(s)) {
            const why = exposure(s.props, cfg, (p) => deferUnknown(p, at));
            if (why) out.push(`exposed by ${at}: ${why}`);
            if (s.name) selecting.add(s.name);
            else if (rawName === UNKNOWN) unnamed = () => deferUnknown("metadata.name", at);
            continue;
        }
        // May select the pods: which unknown keeps us from knowing.
        const because = !sameNs.has(s)
            ? () => deferUnknown("metadata.namespace", at)
            : hasUnknown(selector)
              ? () => deferUnknown(spec === UNKNOWN ? "spec" : "spec.selector", at)
              : () => deferUnknown(labelsPath, describe(w, ns));
        let typeUnknown = false;
        if (exposure(s.props, cfg, () => (typeUnknown = true)) || typeUnknown) because();
        if (s.name) maybe.set(s.name, because);
        else if (rawName === UNKNOWN) unnamed = because;
    }
    if (selecting.size === 0 && maybe.size === 0 && !unnamed) return out;
    const ingresses = [...inNamespace(idx, key, T.Ingress), ...idx.ofType(T.Ingress).filter((i) => idx.nsOf(i).kind === "unknown")];
    for (const ing of ingresses) {
        const ingNs = idx.nsOf(ing);
        const at = describe(ing, ingNs);
        const b = backendServices(ing.props);
        const hit = b.names.find((n) => selecting.has(n));
        if (hit !== undefined) {
            if (ingNs.kind === "unknown") deferUnknown("metadata.namespace", at);
            else out.push(`exposed by ${describe(ing, ns)}`);
            continue;
        }
        const maybeHit = b.names.find((n) => maybe.has(n));
        if (maybeHit !== undefined) maybe.get(maybeHit)!();
        else if (b.unknown) deferUnknown(b.unknown, at);
        else if (unnamed && b.names.length > 0) unnamed();
    }
    return out;
}

/** Names of the Services an Ingress routes to, and the path of the first backend unknown during preview. */
function backendServices(props: any): { names: string[]; unknown?: string } {
    const out: { names: string[]; unknown?: string } = { names: [] };
    const miss = (path: string) => {
        out.unknown ??= path;
    };
    const add = (b: any, path: string) => {
        if (b === UNKNOWN) return miss(path);
        const svc = isObject(b) ? b.service : undefined;
        if (svc === UNKNOWN) return miss(`${path}.service`);
        const n = isObject(svc) ? svc.name : undefined;
        if (n === UNKNOWN) miss(`${path}.service.name`);
        else if (typeof n === "string") out.names.push(n);
    };
    const spec = props?.spec;
    if (spec === UNKNOWN) {
        miss("spec");
        return out;
    }
    if (!isObject(spec)) return out;
    if (spec.defaultBackend !== undefined) add(spec.defaultBackend, "spec.defaultBackend");
    if (spec.rules === UNKNOWN) miss("spec.rules");
    (Array.isArray(spec.rules) ? spec.rules : []).forEach((r: any, i: number) => {
        const at = `spec.rules[${i}]`;
        if (r === UNKNOWN) return miss(at);
        const http = isObject(r) ? r.http : undefined;
        if (http === UNKNOWN) return miss(`${at}.http`);
        const paths = isObject(http) ? http.paths : undefined;
        if (paths === UNKNOWN) return miss(`${at}.http.paths`);
        (Array.isArray(paths) ? paths : []).forEach((p: any, j: number) => {
            if (p === UNKNOWN) return miss(`${at}.http.paths[${j}]`);
            if (isObject(p)) add(p.backend, `${at}.http.paths[${j}].backend`);
        });
    });
    return out;
}
