import { T, containersOf, isObject, podOf } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { inNamespace } from "../namespace/quota-helpers";
import { Item, StackIndex, describe, isWorkload, podLabels, str, strList } from "../namespace/stack";
import { matchServiceSelector } from "./selectors";
import { DEFAULT_INTERNAL_LB_ANNOTATIONS, exposure } from "./service-exposure";

interface Dashboard {
    product: string;
    match: RegExp;
}

const DASHBOARDS: Dashboard[] = [
    { product: "Kubernetes Dashboard", match: /(^|\/)(kubernetesui\/dashboard|kubernetes-dashboard(-amd64|-arm64|-arm)?)([:@]|$)/ },
    { product: "Helm 2 Tiller", match: /(^|\/)tiller([:@]|$)/ },
    { product: "Weave Scope", match: /(^|\/)weaveworks\/scope([:@]|$)/ },
    { product: "Grafana", match: /(^|\/)grafana\/grafana(-oss|-enterprise)?([:@]|$)/ },
];

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

function envNames(c: any): Map<string, any> {
    const out = new Map<string, any>();
    for (const e of Array.isArray(c?.env) ? c.env : []) if (isObject(e) && typeof e.name === "string") out.set(e.name, e);
    return out;
}

/** Dashboards reachable from outside, or running with known-insecure settings (seed: no exposed dashboards). */
export const disallowExposedDashboards = stackPolicy(
    {
        name: "disallow-exposed-dashboards",
        measure: "cluster.no-exposed-dashboards",
        description:
            "Cluster dashboards and management UIs (Kubernetes Dashboard, Helm 2 Tiller, Weave Scope, Grafana), recognised by image, must not be exposed outside the cluster through a NodePort or public LoadBalancer Service or an Ingress, and must not run with insecure settings: Kubernetes Dashboard with --enable-skip-login, --disable-settings-authorizer, --enable-insecure-login or basic authentication, Tiller without TLS verification, or Grafana with its well-known default admin credentials. Exposed dashboards were the entry point of publicised cluster compromises for crypto-mining.",
        severity: "critical",
        remediationSteps:
            "Remove Tiller (Helm 3 needs no in-cluster component). Keep dashboards on ClusterIP and reach them with kubectl port-forward or behind an authenticating proxy; remove the insecure flags; set the Grafana admin password from a Secret (GF_SECURITY_ADMIN_PASSWORD from secretKeyRef) and disable anonymous access.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const w of idx.items.filter((i) => isWorkload(i.type))) {
                const pod = podOf(w.type, w.props);
                if (!pod) continue;
                const ns = idx.nsOf(w);
                const found: string[] = [];
                let product: string | undefined;
                for (const v of containersOf(pod.spec)) {
                    const image = str(v.c.image);
                    const d = image ? DASHBOARDS.find((x) => x.match.test(image.toLowerCase())) : undefined;
                    if (!d) continue;
                    product = d.product;
                    const cargs = [...strList(v.c.command), ...strList(v.c.args)];
                    const where = `container "${v.name}" (${d.product})`;
                    if (d.product === "Kubernetes Dashboard") {
                        for (const [flag, why] of Object.entries(DANGEROUS_FLAGS)) {
                            if (flagSet(cargs, flag)) found.push(`${where} runs with ${flag}, which ${why}`);
                        }
                    }
                    if (d.product === "Helm 2 Tiller") {
                        const env = envNames(v.c);
                        const verify = env.get("TILLER_TLS_VERIFY")?.value === "1" || cargs.includes("--tls-verify");
                        if (!verify) found.push(`${where} runs without TLS verification (TILLER_TLS_VERIFY/--tls-verify): any pod can deploy charts with Tiller's cluster-wide rights`);
                    }
                    if (d.product === "Grafana") {
                        const env = envNames(v.c);
                        const pw = env.get("GF_SECURITY_ADMIN_PASSWORD");
                        const fromFile = env.has("GF_SECURITY_ADMIN_PASSWORD__FILE");
                        const hasEnvFrom = Array.isArray(v.c.envFrom) && v.c.envFrom.length > 0;
                        // Compare only against the published defaults; the value itself is never printed.
                        const literal = isObject(pw) && typeof pw.value === "string" ? pw.value : undefined;
                        if ((!pw && !fromFile && !hasEnvFrom) || (literal !== undefined && ["admin", "password", ""].includes(literal))) {
                            found.push(`${where} keeps the well-known default admin credentials (GF_SECURITY_ADMIN_PASSWORD is unset or a default)`);
                        }
                    }
                }
                if (!product) continue;
                found.push(...exposures(w, idx));
                if (found.length) report(w.r, `${describe(w, ns)}: ${found.join("; ")}.`);
            }
        },
    },
);

/** Services (and Ingresses routing to them) that expose the workload's pods outside the cluster. */
function exposures(w: Item, idx: StackIndex): string[] {
    const ns = idx.nsOf(w);
    if (ns.kind === "unknown") return [];
    const key = ns.kind === "known" ? ns.key : "default";
    const labels = podLabels(w);
    const out: string[] = [];
    const services = inNamespace(idx, key, T.Service).filter((s) => matchServiceSelector(s.props?.spec?.selector, labels) === true);
    const cfg = { allowNodePort: false, allowLoadBalancer: false, internalLoadBalancerAnnotations: DEFAULT_INTERNAL_LB_ANNOTATIONS };
    for (const s of services) {
        const why = exposure(s.props, cfg);
        if (why) out.push(`exposed by ${describe(s, ns)}: ${why}`);
    }
    const svcNames = new Set(services.map((s) => s.name).filter(Boolean));
    for (const ing of inNamespace(idx, key, T.Ingress)) {
        if (backendServices(ing.props).some((n) => svcNames.has(n))) out.push(`exposed by ${describe(ing, ns)}`);
    }
    return out;
}

function backendServices(props: any): string[] {
    const out: string[] = [];
    const add = (b: any) => {
        const n = b?.service?.name;
        if (typeof n === "string") out.push(n);
    };
    add(props?.spec?.defaultBackend);
    for (const r of Array.isArray(props?.spec?.rules) ? props.spec.rules : []) {
        for (const p of Array.isArray(r?.http?.paths) ? r.http.paths : []) add(p?.backend);
    }
    return out;
}
