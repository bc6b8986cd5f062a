import type { Measure } from "../types";

// The observability layer: audit trails, monitoring and threat detection. Order within the file
// does not set significance: see ../significance.ts.
export const observabilityMeasures: Measure[] = [
    {
        id: "observability.audit-logging",
        title: "API server audit logging",
        layer: "observability",
        exploitability: 3,
        hexad: ["authenticity", "integrity"],
        phase: "operate",
        summary:
            "The API server writes audit events to durable storage outside the cluster with retention, so every request can be traced to an identity. Without audit logs there is no way to tell who did what during an incident.",
        platforms: {
            aks: { applies: true, how: "A `monitor.DiagnosticSetting` on the cluster (`resourceUri: cluster.id`) sending `kube-audit-admin` and `guard` (optionally `kube-audit`) to a Log Analytics workspace with `logAnalyticsDestinationType: \"Dedicated\"`." },
            kubernetes: { applies: true, how: "Set `audit-log-path=/var/log/kubernetes/audit/audit.log`, `audit-log-maxage=30`, `audit-log-maxbackup=10`, `audit-log-maxsize=100` in `apiServer.extraArgs` with a hostPath `extraVolumes` entry, and ship the file to a SIEM." },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        guidance: "Shipping and retention in the SIEM happen outside the cluster; check that events arrive and alerts fire.",
        references: {
            cisKubernetes: ["1.2.16", "1.2.17", "1.2.18", "1.2.19"],
            cisAks: ["2.1.1"],
            nsaCisa: ["Audit logging and threat detection: Kubernetes native audit logging configuration"],
            mcsb: ["LT-3", "LT-4"],
            other: ["Azure Policy 245fc9df", "Azure Policy 6c66c325", "KCV0019", "KCV0020", "KCV0021", "KCV0022", "PSRule Azure.AKS.AuditLogs"],
        },
        covers: ["aks:control-plane-audit-logs", "cis:1.2.16", "cis:1.2.17", "cis:1.2.18", "cis:1.2.19", "seed:audit policy and audit logging"],
    },
    {
        id: "observability.audit-policy",
        title: "Audit policy covers security-relevant events",
        layer: "observability",
        exploitability: 2,
        hexad: ["authenticity", "integrity"],
        phase: "operate",
        summary:
            "The audit policy records what an investigation needs without leaking secrets: Metadata for Secrets, ConfigMaps and TokenReviews, request bodies for writes to workloads, every exec/attach/port-forward/proxy, and a catch-all at Metadata. A policy that logs too little misses the attack; one that logs Secret bodies becomes a leak itself.",
        platforms: {
            aks: { applies: true, managed: true, how: "Managed by AKS: the audit policy is fixed by AKS; the `kube-audit-admin` category omits read-only requests, and `kube-audit` includes everything." },
            kubernetes: { applies: true, how: "Set `audit-policy-file=/etc/kubernetes/audit/policy.yaml` with an audit.k8s.io/v1 Policy: `omitStages: [RequestReceived]`, Metadata for secrets/configmaps/tokenreviews, Request/RequestResponse for writes to pods and deployments, rules for `pods/exec`, `pods/portforward`, `pods/proxy`, `services/proxy`, catch-all Metadata." },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["3.2.1", "3.2.2"],
            nsaCisa: ["Audit logging and threat detection: Kubernetes native audit logging configuration"],
            mcsb: ["LT-3"],
        },
        covers: ["cis:3.2.1", "cis:3.2.2"],
    },
    {
        id: "observability.monitoring-alerting",
        title: "Monitoring and alerting",
        layer: "observability",
        exploitability: 2,
        hexad: ["availability", "integrity"],
        phase: "operate",
        summary:
            "Cluster, node and workload metrics and logs are collected centrally with alerts on security- and availability-relevant conditions. Many attacks show up first as operational anomalies (CPU spikes from mining, unusual egress), and someone must be told.",
        platforms: {
            aks: { applies: true, how: "Enable `addonProfiles.omsagent = {enabled: true, config: {logAnalyticsWorkspaceResourceID, useAADAuth: \"true\"}}` (Container Insights) and `azureMonitorProfile.metrics.enabled = true` (managed Prometheus), with alert rules." },
            kubernetes: { applies: true, how: "Run Prometheus (kube-prometheus-stack) with Alertmanager and a log pipeline (Fluent Bit to Loki or a SIEM), with alert rules for node, control-plane and workload health." },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, monitoring is an in-cluster installation and alert routing is an operational process; neither can be judged from a preview. Verify that alerts reach a person.",
        references: {
            nsaCisa: ["Audit logging and threat detection: alerting", "Audit logging and threat detection: worker node and container logging"],
            mcsb: ["LT-5"],
            other: ["CKV_AZURE_4", "AZU-0040", "PSRule Azure.AKS.ContainerInsights"],
        },
        covers: ["aks:container-insights-and-metrics", "seed:monitoring and alerting"],
    },
    {
        id: "observability.runtime-threat-detection",
        title: "Runtime threat detection",
        layer: "observability",
        exploitability: 3,
        hexad: ["integrity", "availability", "confidentiality"],
        phase: "operate",
        summary:
            "A runtime sensor watches syscalls and Kubernetes events for attack behaviour (shells in containers, crypto-miners, writes to binaries, access to credentials) and raises alerts. Preventive controls cannot stop every zero-day; detection limits how long an attacker stays.",
        platforms: {
            aks: { applies: true, how: "Set `securityProfile.defender = {securityMonitoring: {enabled: true}, logAnalyticsWorkspaceResourceId}` and enable the Defender plan with `security.Pricing{pricingName: \"Containers\", pricingTier: \"Standard\"}`." },
            kubernetes: { applies: true, how: "Run Falco (or Tetragon) as a DaemonSet with the default rules and forward alerts (Falcosidekick) to the SIEM." },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "Detection happens at runtime; on-prem the sensor is an in-cluster installation whose health and alert routing a preview cannot verify.",
        references: {
            cisAks: ["5.1.1"],
            nsaCisa: ["Audit logging and threat detection: threat detection"],
            mcsb: ["LT-1", "ES-1"],
            other: ["Azure Policy a1840de2", "Azure Policy 64def556", "PSRule Azure.AKS.DefenderProfile"],
        },
        covers: ["aks:defender-for-containers", "seed:runtime monitoring"],
    },
];
