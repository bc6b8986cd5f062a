import type { Measure } from "../types";

// The cluster layer (control plane). Order within the file does not set significance: see ../significance.ts.
export const clusterMeasures: Measure[] = [
    {
        id: "cluster.api-private-endpoint",
        title: "Private API server endpoint",
        layer: "cluster",
        exploitability: 5,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "The Kubernetes API server is reachable only from private networks, never from the internet. A public API endpoint is found by internet-wide scans and exposes every authentication weakness and API server CVE to the whole world.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `apiServerAccessProfile.enablePrivateCluster = true`, `apiServerAccessProfile.enablePrivateClusterPublicFQDN = false` and `publicNetworkAccess = \"Disabled\"`; optionally `apiServerAccessProfile.enableVnetIntegration = true` with a delegated `subnetId`.",
            },
            kubernetes: {
                applies: true,
                how: "Put the `controlPlaneEndpoint` (kube-vip or a load balancer VIP on port 6443) on a private management network and do not publish it through NAT or a public load balancer.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, reachability of port 6443 is decided by routers and firewalls, not by any resource in the preview; verify from outside the network that the endpoint does not answer.",
        references: {
            cisAks: ["5.4.2", "5.4.3"],
            nsaCisa: ["Network separation and hardening: control plane hardening"],
            mcsb: ["NS-2"],
            other: ["Azure Policy 040732e8", "CKV_AZURE_115", "AZU-0065"],
        },
        covers: ["aks:private-api-server", "aks:no-public-fqdn-for-a-private-cluster", "aks:api-server-vnet-integration", "aks:public-network-access-off"],
    },
    {
        id: "cluster.api-authorized-ranges",
        title: "Authorized IP ranges for a public API endpoint",
        layer: "cluster",
        exploitability: 5,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "When the API endpoint has to stay public, it accepts connections only from listed administrator and CI address ranges, never from `0.0.0.0/0`. This keeps the attack surface of a public endpoint to known networks.",
        platforms: {
            aks: {
                applies: true,
                how: "For a cluster that is not private, set `apiServerAccessProfile.authorizedIPRanges` to a non-empty list of CIDRs that does not contain `0.0.0.0/0`.",
            },
            kubernetes: {
                applies: true,
                how: "Allow port 6443 on the firewall or load balancer in front of the control plane only from administrator and CI CIDRs.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem the allowed ranges live in firewall rules outside Kubernetes and cannot be checked at preview time; keep them in the network team's firewall-as-code and test them.",
        references: {
            cisAks: ["5.4.1"],
            nsaCisa: ["Network separation and hardening: control plane hardening"],
            mcsb: ["NS-2"],
            other: ["Azure Policy 0e246bcf", "CKV_AZURE_6", "AZU-0041", "PSRule Azure.AKS.AuthorizedIPs"],
        },
        covers: ["aks:authorized-ip-ranges-if-the-endpoint-is-public"],
    },
    {
        id: "cluster.authn-anonymous-disabled",
        title: "No anonymous API access beyond health endpoints",
        layer: "cluster",
        exploitability: 5,
        hexad: ["confidentiality", "possession", "authenticity"],
        phase: "build",
        summary:
            "The API server treats unauthenticated requests as anonymous only for the health endpoints (`/livez`, `/readyz`, `/healthz`). Anything broader, combined with a careless binding to `system:anonymous`, gives the internet access to the cluster.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: the API server flags are set by AKS and cannot be changed; anonymous requests get no permissions beyond discovery and health. Bindings to `system:anonymous` are blocked by namespace.rbac-system-groups.",
            },
            kubernetes: {
                applies: true,
                how: "Pass `--authentication-config` with `AuthenticationConfiguration.anonymous: {enabled: true, conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]}` (GA in 1.34), or `anonymous-auth=false` in `apiServer.extraArgs` where probes do not need anonymous access.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.1"],
            nsaCisa: ["Authentication and authorization: authentication"],
            mcsb: ["IM-1"],
            other: ["KCV0001", "KEP-4633"],
        },
        covers: ["cis:1.2.1"],
    },
    {
        id: "cluster.authn-no-static-credentials",
        title: "No static tokens, basic auth or local admin accounts",
        layer: "cluster",
        exploitability: 4,
        hexad: ["authenticity", "possession"],
        phase: "build",
        summary:
            "Humans authenticate through short-lived, centrally issued credentials; static token files and never-expiring local admin certificates are not used. Static credentials cannot be revoked individually, survive people leaving and are often found in old kubeconfigs and CI logs.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `disableLocalAccounts = true` (requires Entra ID integration, `aadProfile.managed = true`), so the static cluster-admin certificate from `az aks get-credentials --admin` is gone.",
            },
            kubernetes: {
                applies: true,
                how: "Never set `token-auth-file` in `apiServer.extraArgs` (kubeadm never does), keep `/etc/kubernetes/admin.conf` for break-glass only, and give people OIDC credentials (cluster.authn-central-idp).",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.2"],
            nsaCisa: ["Authentication and authorization: authentication"],
            mcsb: ["IM-1", "PA-1"],
            other: ["Azure Policy 993c2fcd", "CKV_AZURE_141", "KCV0002", "PSRule Azure.AKS.LocalAccounts"],
        },
        covers: ["aks:local-accounts-disabled", "cis:1.2.2", "seed:authentication methods"],
    },
    {
        id: "cluster.authn-central-idp",
        title: "Identity through a central IdP / SSO (OIDC, Entra ID)",
        layer: "cluster",
        exploitability: 3,
        hexad: ["authenticity", "possession"],
        phase: "build",
        summary:
            "Kubernetes has no user database: users and groups come from the organisation's identity provider through OIDC, with SSO and MFA. Access is then granted to IdP groups, and leavers lose cluster access when their account is disabled.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `aadProfile.managed = true` with `aadProfile.tenantID` and `aadProfile.adminGroupObjectIDs` naming an Entra ID group (never individual users).",
            },
            kubernetes: {
                applies: true,
                how: "Configure the API server with `--authentication-config` (`AuthenticationConfiguration.jwt[]` with issuer, audiences and claim mappings) or the `oidc-issuer-url`/`oidc-client-id`/`oidc-groups-claim` flags, pointing at the IdP (Entra ID, Keycloak, Dex).",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            cisAks: ["5.5.1"],
            nsaCisa: ["Authentication and authorization: authentication"],
            mcsb: ["IM-1", "IM-7"],
            other: ["Azure Policy 450d2877", "Azure Policy 36a27de4", "PSRule Azure.AKS.ManagedAAD"],
        },
        covers: ["aks:entra-id", "seed:identity management through a central IdP / SSO"],
    },
    {
        id: "cluster.authz-rbac",
        title: "Authorization modes Node and RBAC, never AlwaysAllow or ABAC",
        layer: "cluster",
        exploitability: 5,
        hexad: ["possession", "integrity", "confidentiality"],
        phase: "build",
        summary:
            "The API server authorises requests with the Node authorizer and RBAC (plus, on AKS, Azure RBAC); AlwaysAllow and ABAC are never used. Without RBAC every authenticated identity, including every pod's service account, is cluster-admin.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `enableRBAC = true` (it cannot be changed after creation) and `aadProfile.enableAzureRBAC = true` to govern access centrally with Azure role assignments.",
            },
            kubernetes: {
                applies: true,
                how: "Keep `authorization-mode=Node,RBAC` in `apiServer.extraArgs` (kubeadm's default), or the equivalent `--authorization-config` AuthorizationConfiguration; never add `AlwaysAllow` or `ABAC`.",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.6", "1.2.7", "1.2.8"],
            cisAks: ["5.5.2"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            mcsb: ["PA-7"],
            other: ["Azure Policy ac4a19c2", "CKV_AZURE_5", "AZU-0042", "KCV0007", "KCV0008", "KCV0009", "PSRule Azure.AKS.UseRBAC", "PSRule Azure.AKS.AzureRBAC"],
        },
        covers: ["aks:kubernetes-rbac", "aks:azure-rbac-for-kubernetes-authorization", "cis:1.2.6", "cis:1.2.7", "cis:1.2.8", "seed:authorization modes"],
    },
    {
        id: "cluster.admission-plugins",
        title: "Security admission plugins enabled",
        layer: "cluster",
        exploitability: 3,
        hexad: ["integrity", "availability"],
        phase: "build",
        summary:
            "The API server runs the built-in admission plugins that enforce security invariants: NodeRestriction, ServiceAccount, NamespaceLifecycle, EventRateLimit, AlwaysPullImages and DenyServiceExternalIPs, and never AlwaysAdmit. They stop kubelets from modifying other nodes, image reuse across tenants without credentials, event floods and the externalIPs traffic hijack (CVE-2020-8554).",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: the plugin set is fixed by AKS and cannot be changed, so EventRateLimit, AlwaysPullImages and DenyServiceExternalIPs are not available (AKS fails CIS 1.2.3, 1.2.9, 1.2.11). The gaps are closed per object by supply-chain.image-pull-policy, network.service-external-ips and the Azure Policy add-on.",
            },
            kubernetes: {
                applies: true,
                how: "Set `enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs` with `admission-control-config-file` pointing at an AdmissionConfiguration (apiserver.config.k8s.io/v1) that configures `eventratelimit.admission.k8s.io/v1alpha1`; keep ServiceAccount and NamespaceLifecycle out of `disable-admission-plugins`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.3", "1.2.9", "1.2.10", "1.2.11", "1.2.12", "1.2.13", "1.2.14"],
            nsaCisa: ["Network separation and hardening: control plane hardening"],
            other: ["KCV0003", "KCV0010", "KCV0011", "KCV0012", "KCV0014", "KCV0015", "KCV0016", "CVE-2020-8554"],
        },
        covers: ["cis:1.2.3", "cis:1.2.9", "cis:1.2.10", "cis:1.2.11", "cis:1.2.12", "cis:1.2.13", "cis:1.2.14"],
    },
    {
        id: "cluster.policy-controller",
        title: "In-cluster policy controller and policy-as-code governance",
        layer: "cluster",
        exploitability: 3,
        hexad: ["integrity"],
        phase: "operate",
        summary:
            "An admission policy controller (Gatekeeper, Kyverno, or the Azure Policy add-on on AKS) enforces the library's rules on every API request, and exceptions are explicit, justified and expiring. The policy packs catch problems at `pulumi preview`, but objects created by kubectl, Helm or operators never pass through a preview; only admission control sees them.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `addonProfiles.azurepolicy.enabled = true` (key case-insensitive) and assign the Kubernetes built-in initiatives (e.g. pod security restricted); Deployment Safeguards (`containerservice.DeploymentSafeguard{level: \"Enforce\"}`, preview API) add a managed rule set.",
            },
            kubernetes: {
                applies: true,
                how: "Install Kyverno or Gatekeeper (e.g. a Helm release in the platform stack) with policies equivalent to this library's packs, in Enforce mode with a failure policy of Fail for security rules.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "The packs enforce at preview time only what goes through Pulumi; run the same rules at admission so that changes made outside Pulumi are held to them. Waivers are validated by the packs (expiry, justification).",
        references: {
            cisKubernetes: ["5.2.1"],
            cisAks: ["4.3"],
            nsaCisa: ["Kubernetes Pod security: pod security enforcement"],
            mcsb: ["AM-2", "PV-2"],
            other: ["Azure Policy 0a15ec92", "Azure Policy a8eff44f", "CKV_AZURE_116", "AZU-0066", "PSRule Azure.AKS.AzurePolicyAddOn"],
        },
        covers: ["aks:azure-policy-add-on", "aks:deployment-safeguards", "seed:admission control and an in-cluster policy controller"],
    },
    {
        id: "cluster.pod-security-admission",
        title: "Pod Security Admission defaults cluster-wide",
        layer: "cluster",
        exploitability: 4,
        hexad: ["integrity", "possession"],
        phase: "build",
        summary:
            "Pod Security Admission, the built-in successor of PodSecurityPolicy, applies the Pod Security Standards to every namespace, with a cluster-wide default of at least baseline enforced and restricted audited and warned, so a namespace without labels is not left unprotected.",
        platforms: {
            aks: {
                applies: true,
                how: "PSA is enabled on every AKS cluster but its cluster-wide defaults (AdmissionConfiguration) cannot be set; apply the levels per namespace with `pod-security.kubernetes.io/*` labels (namespace.pod-security-labels) and assign the Azure Policy pod security baseline/restricted initiative for namespaces created outside Pulumi.",
            },
            kubernetes: {
                applies: true,
                how: "Configure the PodSecurity plugin in the AdmissionConfiguration (`admission-control-config-file`) with `defaults: {enforce: baseline, audit: restricted, warn: restricted}` and `exemptions.namespaces: [kube-system]`.",
            },
        },
        components: ["HardenedNamespace", "OnPremNodePool"],
        references: {
            cisKubernetes: ["5.2.1"],
            nsaCisa: ["Kubernetes Pod security: pod security enforcement"],
            pss: ["baseline", "restricted"],
            mcsb: ["PV-2"],
        },
        covers: ["seed:pod security"],
    },
    {
        id: "cluster.secrets-encryption-at-rest",
        title: "Secrets encrypted at rest in etcd (KMS)",
        layer: "cluster",
        exploitability: 3,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Secrets are encrypted in etcd with a key held outside the cluster (KMS v2 envelope encryption). Without it, anyone with an etcd backup or a control-plane disk reads every Secret in base64.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `securityProfile.azureKeyVaultKms = {enabled: true, keyId, keyVaultNetworkAccess: \"Private\", keyVaultResourceId}` (AKS already encrypts etcd with platform keys; KMS adds a customer-managed key).",
            },
            kubernetes: {
                applies: true,
                how: "Set `encryption-provider-config=/etc/kubernetes/enc/enc.yaml` (mounted through `apiServer.extraVolumes`) with an EncryptionConfiguration for `secrets` whose first provider is `kms` (apiVersion v2) or `aescbc`/`secretbox`, and `identity: {}` only last.",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.27", "1.2.28"],
            cisAks: ["5.3.1"],
            nsaCisa: ["Network separation and hardening: encryption", "Network separation and hardening: secrets"],
            mcsb: ["DP-5", "DP-6"],
            other: ["Azure Policy dbbdc317", "KCV0030"],
        },
        covers: ["aks:secrets-encrypted-with-kms", "cis:1.2.27", "cis:1.2.28", "seed:secrets at rest in etcd encrypted"],
    },
    {
        id: "cluster.control-plane-tls",
        title: "Control-plane encryption in transit (TLS versions and ciphers)",
        layer: "cluster",
        exploitability: 3,
        hexad: ["confidentiality", "integrity", "authenticity"],
        phase: "build",
        summary:
            "The API server serves TLS 1.2 or later with strong AEAD cipher suites and verifies client certificates against the cluster CA. Weak ciphers and missing client verification allow interception of tokens and Secrets on the wire.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: the API server's certificates, client CA and TLS settings are operated by AKS.",
            },
            kubernetes: {
                applies: true,
                how: "Keep kubeadm's `tls-cert-file`/`tls-private-key-file` and `client-ca-file`, and set `tls-min-version=VersionTLS12` and `tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,…_CHACHA20_POLY1305` in `apiServer.extraArgs`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.24", "1.2.25", "1.2.29"],
            nsaCisa: ["Network separation and hardening: encryption"],
            mcsb: ["DP-3"],
            other: ["KCV0027", "KCV0028"],
        },
        covers: ["cis:1.2.24", "cis:1.2.25", "cis:1.2.29"],
    },
    {
        id: "cluster.certificate-management",
        title: "Certificate management and rotation",
        layer: "cluster",
        exploitability: 3,
        hexad: ["authenticity", "availability", "integrity"],
        phase: "operate",
        summary:
            "Cluster certificates are issued by dedicated CAs, rotated before they expire and revocable by rotating the CA, with a documented policy across clusters. Expired certificates take clusters down; never-rotated ones turn a leaked key into permanent access.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: AKS issues and auto-rotates cluster certificates (kubelet serving certificates included); `az aks rotate-certs` rotates all CAs on demand, e.g. after a credential leak.",
            },
            kubernetes: {
                applies: true,
                how: "kubeadm issues 1-year leaf certificates; renew them with `kubeadm certs renew all` (or every `kubeadm upgrade`), keep `RotateKubeletServerCertificate` on (never `false` in `controllerManager.extraArgs feature-gates`) and monitor expiry with `kubeadm certs check-expiration`.",
            },
        },
        components: ["OnPremNodePool"],
        guidance:
            "Expiry and rotation happen over time on the running cluster and cannot be seen in a preview; alert on certificate expiry (e.g. the apiserver_client_certificate_expiration_seconds metric) and use cert-manager for workload certificates.",
        references: {
            cisKubernetes: ["1.3.6"],
            nsaCisa: ["Network separation and hardening: encryption"],
            mcsb: ["DP-7"],
            other: ["KCV0038"],
        },
        covers: ["cis:1.3.6", "seed:certificate management"],
    },
    {
        id: "cluster.etcd-hardening",
        title: "etcd peer and client TLS authentication",
        layer: "cluster",
        exploitability: 4,
        hexad: ["confidentiality", "integrity", "possession"],
        phase: "build",
        summary:
            "etcd accepts only clients and peers presenting certificates from its own dedicated CA, over TLS, and never uses self-generated (auto-TLS) certificates. etcd holds the whole cluster state including every Secret; unauthenticated access to it is cluster takeover.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: etcd runs in the AKS-operated control plane and is not reachable by customers.",
            },
            kubernetes: {
                applies: true,
                how: "Keep kubeadm's etcd settings: `cert-file`/`key-file`, `peer-cert-file`/`peer-key-file`, `client-cert-auth=true`, `peer-client-cert-auth=true`, `trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt` (a separate CA); never set `auto-tls` or `peer-auto-tls` in `etcd.local.extraArgs`. The API server uses `etcd-certfile`/`etcd-keyfile`/`etcd-cafile`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.23", "1.2.26", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"],
            nsaCisa: ["Network separation and hardening: etcd"],
            other: ["KCV0026", "KCV0029", "KCV0042", "KCV0043", "KCV0044", "KCV0045", "KCV0046", "KCV0047"],
        },
        covers: ["cis:1.2.23", "cis:1.2.26", "cis:2.1", "cis:2.2", "cis:2.3", "cis:2.4", "cis:2.5", "cis:2.6", "cis:2.7"],
    },
    {
        id: "cluster.control-plane-components",
        title: "Control-plane component hardening (profiling, bind addresses, GC)",
        layer: "cluster",
        exploitability: 2,
        hexad: ["confidentiality", "availability"],
        phase: "build",
        summary:
            "Control-plane components expose no profiling endpoints, bind their metrics and health ports to localhost, bound request times and garbage-collect terminated pods. Profiling endpoints leak internals and cost CPU; exposed component ports widen the attack surface.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: the API server, controller manager and scheduler run in the AKS control plane with settings operated by Microsoft (CIS 1.3.7 and 1.4.2 met by equivalent controls).",
            },
            kubernetes: {
                applies: true,
                how: "Set `profiling=false` for `apiServer`, `controllerManager` and `scheduler` extraArgs, `terminated-pod-gc-threshold=10` for the controller manager, keep `bind-address=127.0.0.1` (kubeadm default) and `request-timeout` at 60s, and set `KubeProxyConfiguration.metricsBindAddress: 127.0.0.1:10249`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.15", "1.2.20", "1.3.1", "1.3.2", "1.3.7", "1.4.1", "1.4.2", "4.3.1"],
            nsaCisa: ["Network separation and hardening: control plane hardening"],
            other: ["KCV0018", "KCV0033", "KCV0034", "KCV0039", "KCV0040", "KCV0041"],
        },
        covers: ["cis:1.2.15", "cis:1.2.20", "cis:1.3.1", "cis:1.3.2", "cis:1.3.7", "cis:1.4.1", "cis:1.4.2", "cis:4.3.1"],
    },
    {
        id: "cluster.service-account-tokens",
        title: "Service-account token issuance hardening",
        layer: "cluster",
        exploitability: 3,
        hexad: ["authenticity", "possession"],
        phase: "build",
        summary:
            "Service-account tokens are signed with a dedicated key pair, checked against existing ServiceAccounts on every request, bounded in lifetime (no extended expiration) and each controller uses its own service account. A deleted ServiceAccount's token must stop working, and a stolen projected token must expire.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: signing keys, `service-account-lookup` and controller credentials are operated by AKS; the token expiry extension depends on AKS's API server configuration (CIS 1.2.30 is environment-dependent).",
            },
            kubernetes: {
                applies: true,
                how: "Keep kubeadm's `service-account-key-file=sa.pub`, `service-account-private-key-file=sa.key`, `root-ca-file` and `use-service-account-credentials=true`; set `service-account-lookup=true` and `service-account-extend-token-expiration=false` in `apiServer.extraArgs`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.21", "1.2.22", "1.2.30", "1.3.3", "1.3.4", "1.3.5"],
            nsaCisa: ["Kubernetes Pod security: protecting Pod service account tokens"],
            other: ["KCV0024", "KCV0025", "KCV0035", "KCV0036", "KCV0037"],
        },
        covers: ["cis:1.2.21", "cis:1.2.22", "cis:1.2.30", "cis:1.3.3", "cis:1.3.4", "cis:1.3.5"],
    },
    {
        id: "cluster.workload-identity",
        title: "Workload identity federation instead of stored cloud credentials",
        layer: "cluster",
        exploitability: 3,
        hexad: ["authenticity", "possession", "confidentiality"],
        phase: "build",
        summary:
            "Workloads obtain cloud credentials by exchanging their projected service-account token (OIDC federation) instead of reading long-lived keys from Secrets, and the deprecated pod-managed identity is off. Stored cloud keys leak with the Secret; federated tokens are short-lived and bound to one service account.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `securityProfile.workloadIdentity.enabled = true` and `oidcIssuerProfile.enabled = true`, and leave `podIdentityProfile.enabled` false or absent.",
            },
            kubernetes: {
                applies: true,
                how: "Publish the service-account issuer (`service-account-issuer` and `service-account-jwks-uri` in `apiServer.extraArgs`) and federate it with the cloud or Vault (Vault's Kubernetes/JWT auth) so pods exchange projected tokens with an audience.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "The federation trust (e.g. an Entra ID federated credential or a Vault role) is configured outside the cluster; review that each trust names one namespace and service account.",
        references: {
            cisKubernetes: ["1.2.30"],
            nsaCisa: ["Kubernetes Pod security: protecting Pod service account tokens"],
            mcsb: ["IM-3"],
            other: ["Azure Policy 2cc2e023"],
        },
        covers: ["aks:workload-identity-oidc-issuer", "aks:no-legacy-pod-identity"],
    },
    {
        id: "cluster.supported-version",
        title: "Supported Kubernetes version and upgrades",
        layer: "cluster",
        exploitability: 4,
        hexad: ["integrity", "availability"],
        phase: "operate",
        summary:
            "Clusters run a Kubernetes minor version that still receives security patches and are upgraded regularly, preferably automatically. Kubernetes ships a minor release every four months and patches only the latest three; an out-of-support cluster keeps known, published vulnerabilities.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `kubernetesVersion` to a version in the AKS support window (or use `supportPlan = \"AKSLongTermSupport\"` with the Premium tier) and `autoUpgradeProfile.upgradeChannel` to `\"patch\"`, `\"stable\"` or `\"rapid\"`.",
            },
            kubernetes: {
                applies: true,
                how: "Pin `kubernetesVersion` in the kubeadm ClusterConfiguration to one of the three newest minor releases and upgrade with `kubeadm upgrade plan/apply` at least every minor release.",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        guidance:
            "Support windows move with time: a version that passes today falls out of support later. Re-run the packs regularly (e.g. a scheduled preview) and track end-of-life dates.",
        references: {
            nsaCisa: ["Upgrading and application security practices"],
            mcsb: ["PV-6"],
            other: ["Azure Policy fb893a29", "Azure Policy 5c345cdf", "CKV_AZURE_171", "PSRule Azure.AKS.Version", "PSRule Azure.AKS.AutoUpgrade"],
        },
        covers: ["aks:cluster-auto-upgrade", "aks:supported-kubernetes-version", "seed:Kubernetes upgrades and supported versions"],
    },
    {
        id: "cluster.maintenance-window",
        title: "Planned maintenance windows for upgrades",
        layer: "cluster",
        exploitability: 1,
        hexad: ["availability"],
        phase: "operate",
        summary:
            "Automatic upgrades of the cluster and node images run in planned maintenance windows. Upgrades are then predictable, nobody postpones them indefinitely, and disruptions hit off-peak hours.",
        platforms: {
            aks: {
                applies: true,
                how: "Create `containerservice.MaintenanceConfiguration` resources named `aksManagedAutoUpgradeSchedule` and `aksManagedNodeOSUpgradeSchedule` with a `maintenanceWindow` schedule.",
            },
            kubernetes: {
                applies: true,
                how: "Schedule node reboots and upgrades in a window (e.g. kured `--start-time`/`--end-time`, an upgrade pipeline on a schedule) and protect workloads with PodDisruptionBudgets.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem the window is an operations schedule (pipeline or reboot daemon), not a cluster resource the preview can check.",
        references: {
            other: ["Azure Policy e1352e44", "PSRule Azure.AKS.MaintenanceWindow"],
        },
        covers: ["aks:planned-maintenance"],
    },
    {
        id: "cluster.run-command-disabled",
        title: "Cloud run-command into the cluster disabled",
        layer: "cluster",
        exploitability: 3,
        hexad: ["possession", "authenticity"],
        phase: "build",
        summary:
            "The cloud provider's command-invoke path, which runs kubectl inside the cluster on behalf of anyone with the right Azure role, is disabled. It bypasses private-endpoint and network restrictions on the API server.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `apiServerAccessProfile.disableRunCommand = true`.",
            },
            kubernetes: {
                applies: false,
                how: "Only on AKS: command invoke is an Azure feature; an on-prem cluster has no cloud-side path into the API server.",
            },
        },
        components: ["HardenedAKSCluster"],
        references: {
            mcsb: ["PA-1"],
            other: ["Azure Policy 89f2d532", "Azure Policy 1b708b0a"],
        },
        covers: ["aks:disable-command-invoke"],
    },
    {
        id: "cluster.no-exposed-dashboards",
        title: "No exposed dashboards or default credentials",
        layer: "cluster",
        exploitability: 5,
        hexad: ["confidentiality", "possession", "integrity"],
        phase: "build",
        summary:
            "No Kubernetes Dashboard, Helm Tiller or similar admin tool is installed with broad rights, skipped login or default credentials. Exposed dashboards with cluster-admin rights are the entry point of well-known cryptojacking campaigns.",
        platforms: {
            aks: {
                applies: true,
                how: "Leave `addonProfiles.kubeDashboard` absent or `enabled: false`; the in-cluster checks on dashboard and Tiller workloads apply as on any cluster.",
            },
            kubernetes: {
                applies: true,
                how: "Do not deploy kubernetes-dashboard, Tiller or similar tools; if a dashboard is needed, run it as a ClusterIP service behind an authenticating proxy, without `--enable-skip-login` and with a read-only ServiceAccount.",
            },
        },
        components: ["HardenedAKSCluster"],
        references: {
            nsaCisa: ["Authentication and authorization: role-based access control"],
            mcsb: ["PV-3"],
            other: ["CKV_AZURE_8", "CKV_K8S_33", "CKV_K8S_34", "CKV_K8S_44", "CKV_K8S_45", "kubescape C-0014"],
        },
        covers: ["kubernetes:risky-apps", "aks:dashboard-off", "seed:no exposed dashboards or default credentials"],
    },
    {
        id: "cluster.cis-benchmark",
        title: "CIS Kubernetes benchmark conformance",
        layer: "cluster",
        exploitability: 2,
        hexad: ["integrity", "confidentiality", "availability"],
        phase: "operate",
        summary:
            "Clusters and nodes are hardened to the CIS Kubernetes benchmark (v1.12; CIS AKS for AKS) and audited against it regularly. The benchmark is the agreed baseline for control plane and node configuration; this library's cluster and infrastructure measures implement its configuration items.",
        platforms: {
            aks: {
                applies: true,
                how: "AKS meets most control-plane items by managed configuration (documented exceptions: 1.2.2, 1.2.3, 1.2.5, 1.2.9, 1.2.11, 4.3.1); HardenedAKSCluster sets the customer-side items, and Defender for Cloud or kube-bench `--benchmark aks-1.x` audits them.",
            },
            kubernetes: {
                applies: true,
                how: "OnPremNodePool writes the kubeadm ClusterConfiguration, KubeletConfiguration, audit policy, EncryptionConfiguration and AdmissionConfiguration that meet CIS v1.12; audit the result with a kube-bench Job (`--benchmark cis-1.12`).",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        guidance:
            "Conformance is assessed on the running cluster (process flags, file modes) and changes over time; run kube-bench as a scheduled Job and track its results. The packs enforce at preview the configuration items they can see.",
        references: {
            cisKubernetes: ["1", "2", "3", "4", "5"],
            cisAks: ["2", "3", "4", "5"],
            nsaCisa: ["Upgrading and application security practices"],
            mcsb: ["PV-1", "PV-2"],
        },
        covers: ["seed:CIS Kubernetes benchmark", "seed:cluster and node hardening"],
    },
];
