import { get, onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";

const ORDER = ["privileged", "baseline", "restricted"];

/** Cluster-wide Pod Security Admission defaults: namespaces without labels are still protected. */
export const onpremAdmissionPodSecurityDefaults = onpremPolicy<{ minimumLevel: string; allowedExemptNamespaces: string[] }>(
    {
        name: "onprem-admission-pod-security-defaults",
        measure: "cluster.pod-security-admission",
        description:
            "The API server's AdmissionConfiguration must configure the PodSecurity plugin with a cluster-wide default `enforce` level of at least minimumLevel (restricted by default), exempt no users or runtime classes and only the allowed namespaces. Without it, every namespace that lacks pod-security labels admits privileged pods.",
        severity: "high",
        remediationSteps:
            "Add a PodSecurity plugin entry (`pod-security.admission.config.k8s.io/v1` PodSecurityConfiguration) with `defaults.enforce: restricted`, a pinned `enforce-version`, and `exemptions.namespaces: [kube-system]` only, to the AdmissionConfiguration passed with `admission-control-config-file`.",
        configSchema: {
            properties: {
                minimumLevel: { type: "string", enum: ["baseline", "restricted"], default: "restricted", description: "Weakest cluster-wide default Pod Security level accepted for enforce." },
                allowedExemptNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"], description: "Namespaces the PodSecurity admission configuration may exempt." },
            },
        },
    },
    {
        kinds: ["AdmissionConfiguration"],
        doc: (d, config, report) => {
            const plugins = Array.isArray(d.doc.plugins) ? d.doc.plugins.filter(isObject) : [];
            const ps = plugins.find((p: Record<string, any>) => p.name === "PodSecurity");
            if (!ps) {
                report(`plugins has no PodSecurity entry: unlabelled namespaces default to privileged.`);
                return;
            }
            const conf = ps.configuration;
            if (!isObject(conf)) {
                if (typeof ps.path === "string") return; // configured in a separate file we cannot see
                report(`plugins PodSecurity has no configuration.`);
                return;
            }
            const enforce = get(conf, "defaults.enforce") ?? "privileged";
            if (ORDER.indexOf(String(enforce)) < ORDER.indexOf(config.minimumLevel)) {
                report(`PodSecurity defaults.enforce=${show(enforce)}; must be ${config.minimumLevel} or stricter.`);
            }
            for (const f of ["usernames", "runtimeClasses"]) {
                const list = get(conf, `exemptions.${f}`);
                if (Array.isArray(list) && list.length > 0) report(`PodSecurity exemptions.${f}=${show(list)}: exempt pods skip every check.`);
            }
            const ns = get(conf, "exemptions.namespaces");
            const extra = (Array.isArray(ns) ? ns.map(String) : []).filter((n) => !config.allowedExemptNamespaces.includes(n));
            if (extra.length > 0) report(`PodSecurity exemptions.namespaces includes ${extra.join(", ")}; only ${config.allowedExemptNamespaces.join(", ")} may be exempt.`);
        },
    },
);
