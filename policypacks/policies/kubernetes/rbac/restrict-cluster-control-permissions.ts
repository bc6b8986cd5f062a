import { rbacRulePolicy } from "./rule-policy";
import { findGrants } from "../../../lib/rbac-rules";

const WRITE = ["create", "update", "patch", "delete"];

/** Permissions that take over cluster machinery. */
export const restrictClusterControlPermissions = rbacRulePolicy(
    {
        name: "restrict-cluster-control-permissions",
        measure: "namespace.rbac-cluster-control",
        description:
            "Roles and ClusterRoles must not grant control over cluster machinery: approving CertificateSigningRequests (certificatesigningrequests/approval, approve on signers), writing mutating or validating webhook configurations or admission policies (other than updating the ones a rule names in resourceNames, as a webhook server refreshing its own caBundle does), creating service-account tokens, creating PersistentVolumes, editing Endpoints and EndpointSlices, or updating Namespaces. Each lets its holder mint credentials, intercept or switch off admission, mount host storage, redirect a Service's traffic, or relabel a namespace's Pod Security level (pod-security.kubernetes.io/enforce) to admit privileged pods.",
        severity: "high",
        remediationSteps:
            "Remove these permissions from roles bound to people and workloads. Keep them in the roles of the controllers that need them (installed by the platform), and waive this policy there with a justification.",
    },
    {
        detect: (rules) => [
            ...findGrants(rules, { verbs: ["update", "patch"], group: "certificates.k8s.io", resources: ["certificatesigningrequests/approval"] }),
            ...findGrants(rules, { verbs: ["approve"], group: "certificates.k8s.io", resources: ["signers"] }),
            // A rule naming its webhook configurations (resourceNames) may only update, patch or
            // delete those - a webhook server refreshing its own caBundle; create is never scoped by name.
            ...rules.flatMap((r) =>
                findGrants([r], {
                    verbs: r.resourceNames.length > 0 ? ["create"] : WRITE,
                    group: "admissionregistration.k8s.io",
                    resources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings"],
                }),
            ),
            ...findGrants(rules, { verbs: ["create"], group: "", resources: ["serviceaccounts/token", "persistentvolumes"] }),
            ...findGrants(rules, { verbs: ["create", "update", "patch"], group: "", resources: ["endpoints"] }),
            ...findGrants(rules, { verbs: ["create", "update", "patch"], group: "discovery.k8s.io", resources: ["endpointslices"] }),
            // A Namespace's labels set its Pod Security level: whoever may relabel it may admit privileged pods.
            ...findGrants(rules, { verbs: ["update", "patch"], group: "", resources: ["namespaces"] }),
        ],
    },
);
