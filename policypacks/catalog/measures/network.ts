import type { Measure } from "../types";

// The network layer. Order within the file does not set significance: see ../significance.ts.
export const networkMeasures: Measure[] = [
    {
        id: "network.policy-enforcing-cni",
        title: "A CNI that enforces NetworkPolicy",
        layer: "network",
        exploitability: 4,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "The cluster's network plugin enforces NetworkPolicy objects. Kubernetes accepts NetworkPolicies even when nothing enforces them; without an enforcing CNI every default-deny rule is silently ignored and all pods can reach each other.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `networkProfile.networkPolicy` to `\"azure\"`, `\"calico\"` or `\"cilium\"` (cilium needs `networkProfile.networkDataplane = \"cilium\"`), with `networkProfile.networkPlugin = \"azure\"` (overlay via `networkPluginMode`).",
            },
            kubernetes: {
                applies: true,
                how: "Install a policy-enforcing CNI such as Calico or Cilium (not flannel alone) when the cluster is bootstrapped, e.g. as a Helm release in the platform stack.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, the CNI is installed into the running cluster and which plugin enforces what is only visible there; verify enforcement after bootstrap with a connectivity test (a denied pod-to-pod request must fail).",
        references: {
            cisKubernetes: ["5.3.1"],
            cisAks: ["4.4.1", "5.4.4"],
            nsaCisa: ["Network separation and hardening: network policies"],
            mcsb: ["NS-1"],
            other: ["Azure Policy 46238e2f", "CKV_AZURE_7", "AZU-0043", "PSRule Azure.AKS.NetworkPolicy", "PSRule Azure.AKS.AzureCNI"],
        },
        covers: ["aks:azure-cni", "aks:network-policy-engine"],
    },
    {
        id: "network.namespace-default-deny",
        title: "Default-deny ingress and egress per namespace",
        layer: "network",
        exploitability: 4,
        hexad: ["confidentiality", "possession", "integrity"],
        phase: "build",
        summary:
            "Every application namespace has a NetworkPolicy that selects all pods and denies all ingress and egress (except DNS), so traffic is allowed only by explicit per-workload rules. By default Kubernetes lets every pod talk to every other pod and to the internet, which turns one compromised pod into lateral movement and exfiltration.",
        platforms: {
            aks: {
                applies: true,
                how: "A NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` in every namespace (HardenedNamespace creates it), enforced by the engine from network.policy-enforcing-cni.",
            },
            kubernetes: {
                applies: true,
                how: "A NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` in every namespace (HardenedNamespace creates it), enforced by Calico or Cilium.",
            },
        },
        components: ["HardenedNamespace"],
        references: {
            cisKubernetes: ["5.3.2"],
            cisAks: ["4.4.2"],
            nsaCisa: ["Network separation and hardening: network policies"],
            mcsb: ["NS-1"],
            other: ["kubescape C-0054", "kubescape C-0206"],
        },
        covers: ["kubernetes:namespace-without-default-deny-networkpolicy", "seed:network policies"],
    },
    {
        id: "network.workload-isolation",
        title: "Every workload selected by a NetworkPolicy",
        layer: "network",
        exploitability: 4,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Each workload is selected by at least one NetworkPolicy that states the traffic it needs. Together with default-deny this is least privilege for the network; a pod no policy selects accepts traffic from anywhere.",
        platforms: {
            aks: {
                applies: true,
                how: "NetworkPolicies whose `podSelector` matches each workload's pod labels, enforced by the AKS network policy engine.",
            },
            kubernetes: {
                applies: true,
                how: "NetworkPolicies whose `podSelector` matches each workload's pod labels, enforced by Calico or Cilium.",
            },
        },
        components: [],
        guidance:
            "Only workloads and NetworkPolicies in the same stack can be matched at preview time; policies created elsewhere (other stacks, GitOps) are checked at admission or by a cluster scan (e.g. kubescape C-0260).",
        references: {
            cisKubernetes: ["5.3.2"],
            nsaCisa: ["Network separation and hardening: network policies"],
            mcsb: ["NS-1"],
            other: ["CKV2_K8S_6", "kubescape C-0260", "kube-linter non-isolated-pod"],
        },
        covers: ["kubernetes:workload-not-selected-by-a-networkpolicy"],
    },
    {
        id: "network.networkpolicy-hygiene",
        title: "NetworkPolicy hygiene",
        layer: "network",
        exploitability: 2,
        hexad: ["confidentiality", "utility"],
        phase: "build",
        summary:
            "NetworkPolicies select the pods they mean to (no dangling selectors) and their peers exist; allow rules with empty selectors are deliberate. A policy that selects nothing gives a false sense of isolation, and an accidental empty peer selector allows a whole namespace.",
        platforms: {
            kubernetes: { applies: true, how: "Checked on NetworkPolicy objects as on any cluster." },
        },
        components: [],
        guidance:
            "Whether a selector matches anything depends on pods that may be created outside the stack; the packs check what is in the stack, kube-linter's dangling-networkpolicy checks the live cluster.",
        references: {
            nsaCisa: ["Network separation and hardening: network policies"],
            other: ["kube-linter dangling-networkpolicy", "kubescape C-0299"],
        },
        covers: ["kubernetes:networkpolicy-hygiene"],
    },
    {
        id: "network.controlled-egress",
        title: "Controlled cluster egress",
        layer: "network",
        exploitability: 3,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Traffic leaving the cluster goes through a firewall or NAT gateway with an allowlist, not straight to the internet. It limits data exfiltration, command-and-control channels and crypto-mining pools even when a pod is compromised.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `networkProfile.outboundType = \"userDefinedRouting\"` (routing through Azure Firewall) or a NAT gateway type, with `networkProfile.loadBalancerSku = \"standard\"`.",
            },
            kubernetes: {
                applies: true,
                how: "Route node egress through a perimeter firewall with an allowlist and add Calico/Cilium egress policies (or an egress gateway) for workloads that need the internet.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem egress control lives in the perimeter firewall, which is not part of the preview; review the firewall rule set and test blocked destinations.",
        references: {
            cisAks: ["5.1.4"],
            nsaCisa: ["Network separation and hardening: network policies"],
            mcsb: ["NS-1", "NS-3"],
            other: ["Microsoft Learn: limit egress traffic", "PSRule Azure.AKS.StandardLB"],
        },
        covers: ["aks:controlled-egress"],
    },
    {
        id: "network.service-exposure",
        title: "Services not exposed on nodes or public load balancers by default",
        layer: "network",
        exploitability: 5,
        hexad: ["confidentiality", "availability"],
        phase: "build",
        summary:
            "Services are ClusterIP unless exposure is intended: NodePort opens a port on every node, and a LoadBalancer without an internal annotation gets a public IP. Unintended exposure puts internal services (databases, admin UIs) on the internet.",
        platforms: {
            aks: {
                applies: true,
                how: "Use ClusterIP and publish through an ingress; internal load balancers carry `service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"`. Keep `addonProfiles.httpApplicationRouting` absent or disabled.",
            },
            kubernetes: {
                applies: true,
                how: "Use ClusterIP and publish through an ingress; LoadBalancer services (MetalLB, kube-vip) get addresses from internal pools only unless the exposure is deliberate.",
            },
        },
        components: ["HardenedAKSCluster"],
        references: {
            nsaCisa: ["Network separation and hardening: network policies"],
            mcsb: ["NS-2"],
            other: ["CKV_AZURE_246", "kube-linter exposed-services", "kubescape C-0256", "PSRule Azure.AKS.HttpAppRouting"],
        },
        covers: ["kubernetes:service-nodeport", "kubernetes:service-loadbalancer", "aks:http-application-routing-off"],
    },
    {
        id: "network.service-external-ips",
        title: "No Service externalIPs or ExternalName to localhost",
        layer: "network",
        exploitability: 4,
        hexad: ["integrity", "confidentiality"],
        phase: "build",
        summary:
            "Services do not set `externalIPs` and ExternalName services do not point at localhost. Anyone allowed to create a Service with externalIPs can intercept traffic to any IP address in the cluster (CVE-2020-8554), and ExternalName to localhost reaches node-local ports.",
        platforms: {
            aks: {
                applies: true,
                how: "Checked on Service objects; AKS cannot enable the DenyServiceExternalIPs admission plugin, so the per-object check (and the Azure Policy add-on) is the control.",
            },
            kubernetes: {
                applies: true,
                how: "Checked on Service objects, and enforced by the API server with the DenyServiceExternalIPs admission plugin (cluster.admission-plugins).",
            },
        },
        components: [],
        references: {
            cisKubernetes: ["1.2.3"],
            nsaCisa: ["Network separation and hardening: network policies"],
            other: ["CVE-2020-8554", "Kyverno restrict-service-external-ips", "Kyverno disallow-localhost-services"],
        },
        covers: ["kubernetes:service-externalips", "kubernetes:externalname-to-localhost-port-range"],
    },
    {
        id: "network.ingress-tls",
        title: "Ingress terminates TLS",
        layer: "network",
        exploitability: 4,
        hexad: ["confidentiality", "integrity", "authenticity"],
        phase: "build",
        summary:
            "Every Ingress has a `tls` section covering all its hosts, so clients reach applications over HTTPS with a certificate for the right name. Plain HTTP exposes credentials and session cookies to anyone on the path.",
        platforms: {
            aks: { applies: true, how: "Ingress `spec.tls[]` with a Secret per host (e.g. issued by cert-manager or the Key Vault CSI driver); checked on Ingress objects." },
            kubernetes: { applies: true, how: "Ingress `spec.tls[]` with a Secret per host (e.g. issued by cert-manager); checked on Ingress objects." },
        },
        components: [],
        references: {
            nsaCisa: ["Network separation and hardening: encryption"],
            mcsb: ["DP-3"],
            other: ["Kyverno require-ingress-https", "Polaris tlsSettingsMissing", "kubescape C-0263"],
        },
        covers: ["kubernetes:ingress-tls"],
    },
    {
        id: "network.ingress-host-hygiene",
        title: "Ingress hosts explicit, no default backend",
        layer: "network",
        exploitability: 3,
        hexad: ["confidentiality", "integrity"],
        phase: "build",
        summary:
            "Ingress rules name explicit hosts (no wildcard or empty host) and do not set a catch-all default backend. Catch-all routing lets one team's Ingress capture another team's traffic and exposes services to any Host header.",
        platforms: {
            kubernetes: { applies: true, how: "Checked on Ingress objects: every `rules[].host` set and not `*`-prefixed, no `spec.defaultBackend`." },
        },
        components: [],
        references: {
            other: ["Kyverno restrict-ingress-wildcard", "Kyverno disallow-empty-ingress-host", "Kyverno restrict-ingress-defaultbackend"],
        },
        covers: ["kubernetes:ingress-host"],
    },
    {
        id: "network.ingress-controller-hardening",
        title: "Ingress controller annotations hardened (no snippets)",
        layer: "network",
        exploitability: 5,
        hexad: ["confidentiality", "integrity", "possession"],
        phase: "build",
        summary:
            "Ingress objects do not use configuration-snippet or server-snippet style annotations, and the ingress-nginx controller runs with `allow-snippet-annotations: false`. Snippets inject raw controller configuration, which reads the controller's service-account token and every Secret it can see (CVE-2021-25742, CVE-2025-1974).",
        platforms: {
            aks: { applies: true, how: "Checked on Ingress annotations; the AKS application routing add-on (managed nginx) disables snippet annotations by default." },
            kubernetes: { applies: true, how: "Checked on Ingress annotations; install ingress-nginx with `controller.allowSnippetAnnotations=false` and keep the controller patched." },
        },
        components: [],
        references: {
            other: ["CVE-2021-25742", "CVE-2025-1974", "CKV_K8S_152", "CKV_K8S_153", "CKV_K8S_154", "kubescape C-0059"],
        },
        covers: ["kubernetes:nginx-snippet-annotations"],
    },
];
