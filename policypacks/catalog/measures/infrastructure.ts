import type { Measure } from "../types";

// The infrastructure layer. Order within the file does not set significance: see ../significance.ts.
export const infrastructureMeasures: Measure[] = [
    {
        id: "infrastructure.node-os-minimal",
        title: "Minimal node operating system",
        layer: "infrastructure",
        exploitability: 3,
        hexad: ["integrity", "availability"],
        phase: "build",
        summary:
            "Nodes run a container-optimised operating system that ships only what the kubelet and the container runtime need. Every package left out is a vulnerability that cannot be exploited and a patch that never has to be applied, so a minimal OS shrinks the attack surface under every workload.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.osSKU = \"AzureLinux\"` (or `\"AzureLinux3\"`) on every node pool (inline `agentPoolProfiles[]` and separate `AgentPool` resources). Azure Linux is Microsoft's minimal, CIS-hardened container host.",
            },
            kubernetes: {
                applies: true,
                how: "Build nodes from an immutable, minimal image: Flatcar Container Linux (Ignition), Talos (API-only, no shell) or Bottlerocket. The OS image is chosen when the VM template is built, outside Kubernetes.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem the OS image is picked in the hypervisor template or PXE image, which a Pulumi preview of Kubernetes resources cannot see; verify it at node bootstrap (e.g. `/etc/os-release` checked by kube-bench or the provisioning pipeline).",
        references: {
            nsaCisa: ["Network separation and hardening: worker node segmentation", "Upgrading and application security practices"],
            mcsb: ["PV-3"],
            other: ["PSRule Azure.AKS.AzureLinux"],
        },
        covers: ["aks:minimal-os", "seed:minimal OS"],
    },
    {
        id: "infrastructure.node-os-hardening",
        title: "Node OS hardening (kernel, sysctls, MAC, auditd)",
        layer: "infrastructure",
        exploitability: 3,
        hexad: ["integrity", "confidentiality"],
        phase: "build",
        summary:
            "The node operating system follows a hardening baseline: mandatory access control (AppArmor or SELinux) enforcing, swap off, a host firewall that opens only the kubelet and control-plane ports, key-only SSH, auditd rules on the Kubernetes directories and time synchronisation. A container escape lands on the host, so the host must limit what an attacker can do there.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: node images are hardened by Microsoft against the CIS Azure Linux / Ubuntu benchmarks and AppArmor is enforcing. Extra kernel settings go through `ap.linuxOSConfig.sysctls`.",
            },
            kubernetes: {
                applies: true,
                how: "Apply a CIS Linux Level 1 baseline in the node image or cloud-init: AppArmor/SELinux enforcing, swap off, `overlay` + `br_netfilter`, nftables allowing only 10250 from the control plane (and 6443, 2379-2380 on control-plane nodes), auditd rules on `/etc/kubernetes` and `/var/lib/kubelet`. OnPremNodePool's cloud-init turns swap off, loads the kernel modules and writes the sysctls; MAC, firewall and auditd come from the OS image.",
            },
        },
        components: ["OnPremNodePool"],
        guidance:
            "The hardened state lives inside the node's OS, which a preview cannot inspect; verify it after provisioning with a CIS Linux scan (e.g. OpenSCAP or CIS-CAT) and keep it in the image build.",
        references: {
            nsaCisa: ["Network separation and hardening: worker node segmentation", "Kubernetes Pod security: hardening container environments"],
            mcsb: ["PV-3", "PV-4"],
            other: ["CIS Distribution Independent Linux benchmark"],
        },
        covers: ["seed:OS hardening"],
    },
    {
        id: "infrastructure.container-runtime-hardening",
        title: "Container runtime hardening (CIS containerd/Docker)",
        layer: "infrastructure",
        exploitability: 3,
        hexad: ["integrity", "confidentiality"],
        phase: "build",
        summary:
            "The container runtime (containerd) is configured as the CIS container benchmarks ask: systemd cgroups, its streaming server bound to localhost, its socket readable only by root, registry mirrors limited to approved ones, AppArmor/SELinux integration on and a pinned sandbox image. The runtime starts every container; a loose runtime undoes the pod-level controls.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: containerd is configured by the node image and cannot be changed through the AKS API. Sandboxed pods are available through Pod Sandboxing (`ap.workloadRuntime = \"KataVmIsolation\"`).",
            },
            kubernetes: {
                applies: true,
                how: "OnPremNodePool writes `/etc/containerd/config.toml` with `SystemdCgroup = true`, `config_path = \"/etc/containerd/certs.d\"` (approved mirrors only), `stream_server_address = \"127.0.0.1\"`, `enable_selinux = true` on SELinux hosts and a pinned `sandbox_image`; the socket stays mode 0660 root.",
            },
        },
        components: ["OnPremNodePool"],
        guidance:
            "The runtime configuration is a file on the node, outside the Kubernetes API; check the written config in the OnPremNodePool args and verify the running nodes with kube-bench / a CIS containerd scan.",
        references: {
            nsaCisa: ["Kubernetes Pod security: non-root containers and rootless container engines", "Kubernetes Pod security: hardening container environments"],
            mcsb: ["PV-3"],
            other: ["CIS Docker benchmark", "CIS containerd benchmark"],
        },
        covers: ["seed:container-runtime hardening"],
    },
    {
        id: "infrastructure.node-public-exposure",
        title: "No public IPs on nodes",
        layer: "infrastructure",
        exploitability: 5,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Nodes have no public IP addresses; traffic reaches workloads only through a load balancer or ingress. A public node exposes the kubelet, SSH and every NodePort directly to the internet, where they are scanned within minutes.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.enableNodePublicIP = false` (or leave it unset) on every node pool, inline and as `AgentPool` resources.",
            },
            kubernetes: {
                applies: true,
                how: "Place nodes on a private network segment with no public addressing or 1:1 NAT; publish services only through an ingress or load balancer in a DMZ.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, addressing and NAT are set in the network and firewall, not in any resource a preview sees; verify with an external port scan of the node range.",
        references: {
            cisAks: ["5.4.3"],
            nsaCisa: ["Network separation and hardening: worker node segmentation"],
            mcsb: ["NS-1", "NS-2"],
            other: ["CKV_AZURE_143"],
        },
        covers: ["aks:no-public-ips-on-nodes"],
    },
    {
        id: "infrastructure.node-ssh-access",
        title: "SSH to nodes disabled or key-only",
        layer: "infrastructure",
        exploitability: 4,
        hexad: ["possession", "authenticity"],
        phase: "build",
        summary:
            "Interactive SSH to nodes is disabled, or allowed only with keys from a managed source. SSH is a path around every Kubernetes control: a shell on a node reads every pod's secrets and the kubelet's credentials, so it must not be reachable with guessable credentials.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.securityProfile.sshAccess = \"Disabled\"` on every node pool and leave out `linuxProfile` (if present it carries an SSH public key only). Node debugging uses `kubectl debug node/...` instead.",
            },
            kubernetes: {
                applies: true,
                how: "Disable sshd in the node image (Talos and Flatcar can run without it) or allow key-only logins (`PasswordAuthentication no`, `PermitRootLogin no`) from a bastion network. OnPremNodePool's cloud-init turns password logins off (`ssh_pwauth: false`).",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            nsaCisa: ["Network separation and hardening: worker node segmentation"],
            mcsb: ["PA-1", "IM-1"],
            other: ["Azure Policy 28257686"],
        },
        covers: ["aks:ssh-disabled"],
    },
    {
        id: "infrastructure.node-disk-encryption",
        title: "Node disk encryption (host, OS and data disks)",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Node OS and data disks, and the temporary disks and caches on the host, are encrypted with keys the organisation controls. Node disks hold container images, emptyDir volumes, logs and, on control-plane nodes, etcd; a copied disk must not yield them.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `diskEncryptionSetID` to a customer-managed Disk Encryption Set and `ap.enableEncryptionAtHost = true` on every pool; `ap.osDiskType = \"Ephemeral\"` keeps the OS disk off Azure Storage altogether.",
            },
            kubernetes: {
                applies: true,
                how: "Encrypt `/var/lib/etcd` and `/var/lib/containerd` with LUKS (keys from a TPM or a network-bound key server such as Clevis/Tang), or use encrypted datastores on the hypervisor.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, disk encryption is done by the OS installer or the hypervisor's storage and is invisible to a preview; verify with `lsblk`/`cryptsetup status` at bootstrap.",
        references: {
            nsaCisa: ["Network separation and hardening: encryption"],
            mcsb: ["DP-4", "DP-5"],
            other: ["Azure Policy 7d7be79c", "Azure Policy 41425d9f", "CKV_AZURE_117", "CKV_AZURE_227", "CKV_AZURE_226"],
        },
        covers: ["aks:cmk-for-os-and-data-disks", "aks:encryption-at-host", "aks:ephemeral-os-disk"],
    },
    {
        id: "infrastructure.node-trusted-launch",
        title: "Trusted launch: secure boot and vTPM",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["integrity", "authenticity"],
        phase: "build",
        summary:
            "Nodes boot with UEFI Secure Boot and a virtual TPM, so only signed boot loaders and kernels run and boot integrity can be measured. This stops bootkits and rootkits that would otherwise survive below every Kubernetes control.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.securityProfile.enableSecureBoot = true` and `ap.securityProfile.enableVTPM = true` on Generation 2 VM sizes.",
            },
            kubernetes: {
                applies: true,
                how: "Enable UEFI Secure Boot and a (v)TPM in the VM template or server firmware (e.g. vSphere `firmware = efi` with `efiSecureBootEnabled`, Proxmox `bios = ovmf` with `efidisk` and `tpmstate`).",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, firmware settings belong to the hypervisor or hardware and are not Kubernetes resources; set them in the VM resource (e.g. the Proxmox or vSphere provider) and verify with `mokutil --sb-state`.",
        references: {
            mcsb: ["PV-3"],
            other: ["Microsoft Learn: AKS Trusted Launch"],
        },
        covers: ["aks:trusted-launch"],
    },
    {
        id: "infrastructure.fips-nodes",
        title: "FIPS 140 validated cryptography on nodes",
        layer: "infrastructure",
        exploitability: 1,
        hexad: ["confidentiality", "integrity"],
        phase: "build",
        summary:
            "Nodes run with FIPS 140 validated cryptographic modules. Regulated environments require it, and it guarantees that only approved algorithms protect data on the node.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.enableFIPS = true` on every node pool (supported on Azure Linux and Ubuntu node images).",
            },
            kubernetes: {
                applies: true,
                how: "Boot the node OS in FIPS mode (RHEL `fips-mode-setup --enable`, Ubuntu Pro FIPS kernel) and use FIPS-built Kubernetes binaries where required.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "FIPS is a requirement only where regulation asks for it, so no policy enforces it by default on-prem; the OS mode is set at install time and verified with `/proc/sys/crypto/fips_enabled`.",
        references: {
            mcsb: ["DP-3"],
            other: ["Microsoft Learn: enable FIPS nodes"],
        },
        covers: ["aks:fips-nodes"],
    },
    {
        id: "infrastructure.node-os-patching",
        title: "Node OS security patching",
        layer: "infrastructure",
        exploitability: 4,
        hexad: ["integrity", "availability"],
        phase: "operate",
        summary:
            "Node operating systems receive security patches automatically and regularly, with reboots coordinated so workloads stay available. Kernel and runtime vulnerabilities are the usual container escape route; an unpatched node is exploitable by any workload on it.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `autoUpgradeProfile.nodeOSUpgradeChannel` to `\"NodeImage\"` or `\"SecurityPatch\"` (not `\"None\"`/`\"Unmanaged\"`), scheduled by a `MaintenanceConfiguration` named `aksManagedNodeOSUpgradeSchedule`.",
            },
            kubernetes: {
                applies: true,
                how: "Use an auto-updating immutable OS (Flatcar update channel with a reboot coordinator such as FLUO, Talos upgrades) or unattended security updates with kured draining and rebooting nodes.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "Patch state is runtime state: a preview can check the upgrade channel but not whether patches were applied; watch node image versions (`kubectl get nodes -o wide`) and vulnerability reports from Defender or Trivy.",
        references: {
            nsaCisa: ["Upgrading and application security practices"],
            mcsb: ["PV-6"],
            other: ["Azure Policy 04408ca5", "Azure Policy 40f1aee2", "PSRule Azure.AKS.NodeAutoUpgrade"],
        },
        covers: ["aks:node-os-auto-upgrade"],
    },
    {
        id: "infrastructure.node-pool-isolation",
        title: "System and workload node pools separated",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["availability", "integrity"],
        phase: "build",
        summary:
            "Cluster-critical add-ons (DNS, CNI, metrics, policy controllers) run on dedicated system nodes that application pods cannot schedule onto, and sensitive workloads get dedicated pools. A noisy or compromised application pod then cannot starve or tamper with the components every other workload depends on.",
        platforms: {
            aks: {
                applies: true,
                how: "Give the pool with `ap.mode = \"System\"` the taint `ap.nodeTaints = [\"CriticalAddonsOnly=true:NoSchedule\"]` and run applications on `\"User\"` pools (azure-native has no `onlyCriticalAddonsEnabled`).",
            },
            kubernetes: {
                applies: true,
                how: "Register dedicated pools with taints through `JoinConfiguration.nodeRegistration.taints` (e.g. `dedicated=<pool>:NoSchedule`) and isolation labels under `node-restriction.kubernetes.io/`, which NodeRestriction stops kubelets from setting on themselves.",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            nsaCisa: ["Network separation and hardening: worker node segmentation"],
            other: ["CKV_AZURE_232", "Microsoft Learn: use system node pools"],
        },
        covers: ["aks:system-pool-runs-only-critical-add-ons"],
    },
    {
        id: "infrastructure.zone-redundancy",
        title: "Zone-redundant node pools",
        layer: "infrastructure",
        exploitability: 1,
        hexad: ["availability"],
        phase: "build",
        summary:
            "Node pools span several failure domains with at least three nodes, so losing one zone, rack or host does not take workloads down. Availability is one of the hexad goals; a single failure domain is a single point of failure.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.availabilityZones = [\"1\", \"2\", \"3\"]` and `ap.count` / `ap.minCount` of at least 3 on every pool.",
            },
            kubernetes: {
                applies: true,
                how: "Spread the pool's VMs over at least three hypervisor hosts or racks (anti-affinity rules) and label nodes with `topology.kubernetes.io/zone` so pods can spread.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, host placement is a hypervisor decision invisible to a preview; set anti-affinity in the VM provisioning and verify the spread in the hypervisor.",
        references: {
            mcsb: ["BR-1"],
            other: ["Azure Policy 2dec5f47", "PSRule Azure.AKS.AvailabilityZone", "PSRule Azure.AKS.MinNodeCount"],
        },
        covers: ["aks:zone-redundancy"],
    },
    {
        id: "infrastructure.node-pool-capacity",
        title: "Node pool capacity and scale sets",
        layer: "infrastructure",
        exploitability: 1,
        hexad: ["availability", "utility"],
        phase: "build",
        summary:
            "Node pools can run enough pods per node and scale out, so security add-ons (policy controller, runtime sensors, CSI drivers) fit next to workloads and capacity follows demand. Pools that cannot hold the security DaemonSets end up running without them.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.maxPods` to at least 50 and `ap.type = \"VirtualMachineScaleSets\"` (with `enableAutoScaling`, `minCount`, `maxCount` as needed).",
            },
            kubernetes: {
                applies: true,
                how: "Size nodes for the kubelet's `maxPods` (default 110) plus reserved resources (`kubeReserved`, `systemReserved`) (OnPremNodePool sets both) and add nodes through the VM provisioning stack.",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            other: ["CKV_AZURE_168", "CKV_AZURE_169", "PSRule Azure.AKS.NodeMinPods", "PSRule Azure.AKS.PoolScaleSet"],
        },
        covers: ["aks:enough-pods-per-node", "aks:scale-set-pools"],
    },
    {
        id: "infrastructure.node-version-skew",
        title: "Node pools on the control plane's version",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["integrity", "availability"],
        phase: "operate",
        summary:
            "Kubelets run the same minor version as the control plane, within the supported skew. Lagging pools miss security fixes that the control plane already has, and skew beyond policy breaks upgrades.",
        platforms: {
            aks: {
                applies: true,
                how: "Set every pool's `ap.orchestratorVersion` equal to the cluster's `kubernetesVersion` (or leave it unset so it follows).",
            },
            kubernetes: {
                applies: true,
                how: "Set OnPremNodePool's `kubernetesVersion` to the control plane's version, install matching kubelet and kubeadm packages, and upgrade pools right after `kubeadm upgrade apply`.",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            nsaCisa: ["Upgrading and application security practices"],
            other: ["PSRule Azure.AKS.PoolVersion"],
        },
        covers: ["aks:node-pool-version-matches-the-control-plane"],
    },
    {
        id: "infrastructure.kubelet-authn-authz",
        title: "Kubelet authentication and authorization",
        layer: "infrastructure",
        exploitability: 5,
        hexad: ["confidentiality", "possession", "integrity", "authenticity"],
        phase: "build",
        summary:
            "The kubelet API (port 10250) rejects anonymous requests, authenticates clients with the cluster CA and authorises every request against the API server (Webhook mode), and the API server authenticates to kubelets with its own client certificate. An open kubelet lets anyone on the network exec into every pod on the node.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: kubelets run with anonymous auth off, Webhook authorization and the cluster client CA (CIS AKS 3.2.1-3.2.3 pass); there is no user setting.",
            },
            kubernetes: {
                applies: true,
                how: "In KubeletConfiguration set `authentication.anonymous.enabled: false`, `authentication.webhook.enabled: true`, `authorization.mode: Webhook` and `authentication.x509.clientCAFile: /etc/kubernetes/pki/ca.crt` (kubeadm defaults); the API server keeps `kubelet-client-certificate`/`kubelet-client-key`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["1.2.4", "4.2.1", "4.2.2", "4.2.3"],
            cisAks: ["3.2.1", "3.2.2", "3.2.3"],
            nsaCisa: ["Authentication and authorization: authentication", "Network separation and hardening: worker node segmentation"],
            other: ["KCV0005", "KCV0079", "KCV0080", "KCV0081"],
        },
        covers: ["cis:1.2.4", "cis:4.2.1", "cis:4.2.2", "cis:4.2.3"],
    },
    {
        id: "infrastructure.kubelet-read-only-port",
        title: "Kubelet read-only port closed",
        layer: "infrastructure",
        exploitability: 4,
        hexad: ["confidentiality"],
        phase: "build",
        summary:
            "The kubelet's unauthenticated read-only port (10255) is disabled. It discloses pod specs, environment and node details to anyone who can reach the node, which attackers use to map a cluster.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: the read-only port is disabled on AKS node images (CIS AKS 3.2.4 passes).",
            },
            kubernetes: {
                applies: true,
                how: "Set `readOnlyPort: 0` in KubeletConfiguration (kubeadm default); never set `--read-only-port` in `nodeRegistration.kubeletExtraArgs`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["4.2.4"],
            cisAks: ["3.2.4"],
            nsaCisa: ["Network separation and hardening: worker node segmentation"],
            other: ["KCV0082"],
        },
        covers: ["cis:4.2.4"],
    },
    {
        id: "infrastructure.kubelet-tls",
        title: "Kubelet TLS and certificate rotation",
        layer: "infrastructure",
        exploitability: 3,
        hexad: ["confidentiality", "authenticity", "integrity"],
        phase: "build",
        summary:
            "Kubelets serve TLS with CA-signed, automatically rotated certificates and strong ciphers, and the API server verifies them. Self-signed serving certificates let an attacker on the network impersonate a kubelet and read exec and log streams.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: kubelet client and serving certificates are issued and rotated by AKS (CIS AKS 3.2.8/3.2.9 pass); `az aks rotate-certs` rotates the cluster CA.",
            },
            kubernetes: {
                applies: true,
                how: "Set `serverTLSBootstrap: true`, `rotateCertificates: true`, `tlsMinVersion: VersionTLS12` and `tlsCipherSuites` (ECDHE with AES-GCM or CHACHA20) in KubeletConfiguration, approve serving CSRs, and give the API server `kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt`. Do not override the node hostname.",
            },
        },
        components: ["OnPremNodePool"],
        guidance:
            "Kubelet serving CSRs must be approved at runtime (by an approver such as kubelet-csr-approver), which a preview cannot observe; check `kubectl get csr` after joining nodes.",
        references: {
            cisKubernetes: ["1.2.5", "4.2.7", "4.2.9", "4.2.10", "4.2.11", "4.2.12"],
            cisAks: ["3.2.8", "3.2.9"],
            nsaCisa: ["Network separation and hardening: encryption"],
            mcsb: ["DP-3"],
            other: ["KCV0006", "KCV0086", "KCV0088", "KCV0090", "KCV0091", "KCV0092"],
        },
        covers: ["cis:1.2.5", "cis:4.2.7", "cis:4.2.9", "cis:4.2.10", "cis:4.2.11", "cis:4.2.12"],
    },
    {
        id: "infrastructure.kubelet-resource-protection",
        title: "Kubelet resource protection (PID limits, event QPS, idle streams, swap)",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["availability"],
        phase: "build",
        summary:
            "The kubelet limits what one pod can consume on the node: PIDs per pod, event rate, idle streaming connections, no swap and no unsafe sysctls, with resources reserved for the system. A fork bomb or event flood in one pod must not take down the node and every pod on it.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `ap.kubeletConfig.podMaxPids` > 0 (e.g. 4096), `ap.kubeletConfig.failSwapOn = true` and leave `ap.kubeletConfig.allowedUnsafeSysctls` empty; AKS sets the idle timeout and event QPS itself.",
            },
            kubernetes: {
                applies: true,
                how: "In KubeletConfiguration set `podPidsLimit: 4096`, `eventRecordQPS: 5`, `streamingConnectionIdleTimeout: 5m`, `failSwapOn: true`, `allowedUnsafeSysctls: []` and `kubeReserved`/`systemReserved`/`evictionHard`.",
            },
        },
        components: ["HardenedAKSCluster", "OnPremNodePool"],
        references: {
            cisKubernetes: ["4.2.5", "4.2.8", "4.2.13"],
            cisAks: ["3.2.5", "3.2.7"],
            nsaCisa: ["Network separation and hardening: resource policies"],
            other: ["KCV0085", "KCV0087", "Microsoft Learn: AKS custom node configuration"],
        },
        covers: ["aks:kubelet-limits", "cis:4.2.5", "cis:4.2.8", "cis:4.2.13"],
    },
    {
        id: "infrastructure.kubelet-seccomp-default",
        title: "Kubelet seccomp RuntimeDefault for all pods",
        layer: "infrastructure",
        exploitability: 3,
        hexad: ["integrity"],
        phase: "build",
        summary:
            "The kubelet applies the container runtime's default seccomp profile to every container that does not name one. It closes the gap for pods that forget `seccompProfile`, blocking dangerous syscalls (e.g. `unshare`, `keyctl`) used in container escapes.",
        platforms: {
            aks: {
                applies: false,
                how: "Not possible on AKS with the stable API: `kubeletConfig.seccompDefault` exists only in preview API versions, not in azure-native 3.28. Require `seccompProfile.type: RuntimeDefault` per pod instead (workload.seccomp).",
            },
            kubernetes: {
                applies: true,
                how: "Set `seccompDefault: true` in KubeletConfiguration.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["4.2.14"],
            nsaCisa: ["Kubernetes Pod security: hardening container environments"],
            pss: ["seccompProfile_restricted"],
        },
        covers: ["cis:4.2.14"],
    },
    {
        id: "infrastructure.kubelet-kernel-protection",
        title: "Kubelet protects kernel defaults",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["integrity", "availability"],
        phase: "build",
        summary:
            "The kubelet refuses to start when kernel tunables differ from the values it expects, and it keeps its iptables utility chains itself. Kernel settings then cannot silently drift to values that weaken isolation or let a node hang instead of recovering.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: node images set the kernel parameters and the kubelet's iptables handling; custom values go only through `ap.linuxOSConfig.sysctls`.",
            },
            kubernetes: {
                applies: true,
                how: "Set `protectKernelDefaults: true` and `makeIPTablesUtilChains: true` in KubeletConfiguration and write `/etc/sysctl.d/90-kubelet.conf` with `vm.overcommit_memory=1`, `vm.panic_on_oom=0`, `kernel.panic=10`, `kernel.panic_on_oops=1`, `kernel.keys.root_maxkeys=1000000`, `kernel.keys.root_maxbytes=25000000`.",
            },
        },
        components: ["OnPremNodePool"],
        references: {
            cisKubernetes: ["4.2.6"],
            cisAks: ["3.2.6"],
            other: ["KCV0083", "KCV0084", "CIS Kubernetes v1.6-1.24 4.2.6 (protect-kernel-defaults)"],
        },
        covers: ["cis:4.2.6", "cis:4.2.6 (Kubernetes ≤1.24)"],
    },
    {
        id: "infrastructure.node-file-permissions",
        title: "Node configuration file ownership and permissions",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["integrity", "possession"],
        phase: "build",
        summary:
            "Kubernetes configuration files, kubeconfigs, PKI keys and the etcd data directory on nodes are owned by root and not writable (or, for keys, readable) by others. A local user who can rewrite a static pod manifest or read a private key owns the cluster.",
        platforms: {
            aks: {
                applies: true,
                managed: true,
                how: "Managed by AKS: node files are laid down by the AKS node image with CIS-compliant ownership and modes (CIS AKS section 3.1), and control-plane files are not on customer nodes.",
            },
            kubernetes: {
                applies: true,
                how: "The node bootstrap asserts CIS 1.1 and 4.1 modes: manifests and kubeconfigs 600 root:root, `/etc/kubernetes/pki` keys 600, `/var/lib/etcd` 700 etcd:etcd, kubelet config 600.",
            },
        },
        components: ["OnPremNodePool"],
        guidance:
            "File modes exist only on the node's disk, which a preview cannot read; OnPremNodePool's cloud-init sets them, and kube-bench sections 1.1 and 4.1 verify them.",
        references: {
            cisKubernetes: ["1.1.1-1.1.21", "4.1.1-4.1.10"],
            cisAks: ["3.1.1-3.1.4"],
            nsaCisa: ["Network separation and hardening: control plane hardening"],
        },
        covers: ["cis:1.1", "cis:4.1"],
    },
    {
        id: "infrastructure.node-resource-group-lockdown",
        title: "Managed node resource group read-only",
        layer: "infrastructure",
        exploitability: 2,
        hexad: ["possession", "integrity"],
        phase: "build",
        summary:
            "The node resource group that AKS manages is locked so that users cannot change the VM scale sets, disks or networking behind the cluster's back. Changes there bypass Kubernetes entirely and can weaken nodes or break them.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `nodeResourceGroupProfile.restrictionLevel = \"ReadOnly\"`.",
            },
            kubernetes: {
                applies: false,
                how: "Only on AKS: the managed node resource group is an Azure construct. On-prem, the equivalent is restricting who administers the hypervisor and node VMs, outside Kubernetes.",
            },
        },
        components: ["HardenedAKSCluster"],
        references: {
            mcsb: ["PA-7"],
            other: ["Microsoft Learn: node resource group lockdown"],
        },
        covers: ["aks:node-resource-group-lockdown"],
    },
    {
        id: "infrastructure.cloud-managed-identity",
        title: "Managed identity for the cluster, not a service principal secret",
        layer: "infrastructure",
        exploitability: 3,
        hexad: ["authenticity", "possession"],
        phase: "build",
        summary:
            "The cluster authenticates to the cloud with a managed identity instead of a service principal whose client secret sits in configuration. A stolen service-principal secret keeps working from anywhere until it is rotated; a managed identity has no secret to steal.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `identity.type = \"SystemAssigned\"` or `\"UserAssigned\"` and leave out `servicePrincipalProfile` (or set its `clientId = \"msi\"`).",
            },
            kubernetes: {
                applies: false,
                how: "Only on AKS: managed identities are an Azure feature. On-prem clusters that call cloud APIs use workload identity federation (cluster.workload-identity) rather than stored keys.",
            },
        },
        components: ["HardenedAKSCluster"],
        references: {
            cisAks: ["5.2.1"],
            mcsb: ["IM-3"],
            other: ["Azure Policy da6e2401", "PSRule Azure.AKS.ManagedIdentity"],
        },
        covers: ["aks:managed-identity-not-a-service-principal", "aks:cluster-identity-least-privilege"],
    },
    {
        id: "infrastructure.uptime-sla",
        title: "Control plane with an uptime SLA",
        layer: "infrastructure",
        exploitability: 1,
        hexad: ["availability"],
        phase: "build",
        summary:
            "Production clusters use a control-plane tier with a financially backed uptime SLA and more API server capacity. The free tier's control plane has no SLA, and an unavailable API server stops every deployment, scaling and security response.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `sku.tier = \"Standard\"` (or `\"Premium\"` for long-term support); `\"Free\"` has no SLA.",
            },
            kubernetes: {
                applies: false,
                how: "Only on AKS: an SLA is a property of a managed service tier. On-prem, control-plane availability comes from a kubeadm HA setup (three control-plane nodes behind a `controlPlaneEndpoint`), covered by infrastructure.zone-redundancy.",
            },
        },
        components: ["HardenedAKSCluster"],
        references: {
            other: ["CKV_AZURE_170", "PSRule Azure.AKS.UptimeSLA"],
        },
        covers: ["aks:paid-tier"],
    },
    {
        id: "infrastructure.storage-csi-drivers",
        title: "Supported CSI storage drivers",
        layer: "infrastructure",
        exploitability: 1,
        hexad: ["utility", "availability"],
        phase: "build",
        summary:
            "Persistent storage is provided through maintained CSI drivers (with snapshots), not in-tree plugins or hostPath. CSI drivers support encryption, snapshots for recovery and the restricted `csi` volume type that Pod Security allows.",
        platforms: {
            aks: {
                applies: true,
                how: "Set `storageProfile.diskCSIDriver.enabled`, `storageProfile.fileCSIDriver.enabled` and `storageProfile.snapshotController.enabled` to `true`.",
            },
            kubernetes: {
                applies: true,
                how: "Install a maintained CSI driver for the storage in use (e.g. vSphere CSI, Ceph CSI/Rook, Longhorn) and the external snapshotter; offer it as the default StorageClass.",
            },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem the CSI driver is an in-cluster installation chosen per storage system; the library cannot tell at preview time which driver fits, so it documents the choice and relies on workload.volume-types to keep pods off hostPath.",
        references: {
            other: ["Azure Policy c5110b6e"],
        },
        covers: ["aks:csi-drivers-on"],
    },
];
