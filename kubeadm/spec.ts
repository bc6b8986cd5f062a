// The resolved (plain-value) description of an on-prem node pool, with every secure default
// applied. Shared by the OnPremNodePool component (which resolves its Inputs first) and by the
// on-prem policies (which re-render a component's inputs to check exactly what it would produce).
// Pure: no @pulumi/* imports, so the policy pack bundles it.

/** Raised for invalid arguments; the component turns it into a pulumi.ResourceError. */
export class SpecError extends Error {}

export type Role = "control-plane" | "worker";

export interface KubeletSettings {
    readOnlyPort: number;
    seccompDefault: boolean;
    protectKernelDefaults: boolean;
    eventRecordQPS: number;
    podPidsLimit: number;
    streamingConnectionIdleTimeout: string;
    tlsMinVersion: string;
    maxPods: number;
    kubeReserved: Record<string, string>;
    systemReserved: Record<string, string>;
    evictionHard: Record<string, string>;
    shutdownGracePeriod: string;
    shutdownGracePeriodCriticalPods: string;
    containerLogMaxSize: string;
    containerLogMaxFiles: number;
}

export interface OidcSettings {
    issuerUrl: string;
    audiences: string[];
    usernameClaim: string;
    usernamePrefix: string;
    groupsClaim: string;
    groupsPrefix: string;
    certificateAuthority?: string;
}

export interface EncryptionSettings {
    kmsEndpoint?: string;
    kmsName: string;
    kmsTimeout: string;
    /** base64 of 32 random bytes; key material, never logged or put in a ConfigMap. */
    aescbcKey?: string;
    keyName: string;
}

export interface ControlPlaneSettings {
    allowAnonymousHealthChecks: boolean;
    profiling: boolean;
    alwaysPullImages: boolean;
    auditLogMaxAge: number;
    auditLogMaxBackup: number;
    auditLogMaxSize: number;
    oidc?: OidcSettings;
    encryption: EncryptionSettings;
    podSecurityLevel: string;
    podSecurityVersion: string;
    podSecurityExemptNamespaces: string[];
    serviceSubnet: string;
    podSubnet: string;
    certificateKey?: string;
}

export interface ContainerdSettings {
    /** registry host → mirror endpoints (https). */
    registryMirrors: Record<string, string[]>;
    sandboxImage: string;
    selinux: boolean;
}

export interface Taint {
    key: string;
    value?: string;
    effect: string;
}

export interface NodePoolSpec {
    role: Role;
    poolName: string;
    initControlPlane: boolean;
    kubernetesVersion: string;
    controlPlaneEndpoint: string;
    bootstrapToken?: string;
    bootstrapTokenTtl: string;
    caCertHashes: string[];
    dedicated: boolean;
    taints: Taint[];
    isolationLabels: Record<string, string>;
    kubelet: KubeletSettings;
    controlPlane?: ControlPlaneSettings;
    containerd: ContainerdSettings;
    extraArgs: {
        apiServer: Record<string, string>;
        controllerManager: Record<string, string>;
        scheduler: Record<string, string>;
        etcd: Record<string, string>;
        kubelet: Record<string, string>;
    };
    overrides: {
        kubelet: Record<string, unknown>;
        clusterConfiguration: Record<string, unknown>;
        joinConfiguration: Record<string, unknown>;
        initConfiguration: Record<string, unknown>;
        auditPolicy: Record<string, unknown>;
        encryptionConfiguration: Record<string, unknown>;
        admissionConfiguration: Record<string, unknown>;
        authenticationConfiguration: Record<string, unknown>;
        kubeProxy: Record<string, unknown>;
        containerd: Record<string, Record<string, unknown>>;
        cloudConfig: Record<string, unknown>;
    };
    waivers: Record<string, string>;
}

/** Policy names whose defaults the spec opts out of; each needs a recorded waiver. */
export function optOuts(spec: NodePoolSpec): Array<{ policy: string; what: string }> {
    const out: Array<{ policy: string; what: string }> = [];
    if (spec.kubelet.readOnlyPort !== 0) out.push({ policy: "onprem-kubelet-read-only-port", what: `kubelet.readOnlyPort=${spec.kubelet.readOnlyPort}` });
    if (!spec.kubelet.seccompDefault) out.push({ policy: "onprem-kubelet-seccomp-default", what: "kubelet.seccompDefault=false" });
    if (!spec.kubelet.protectKernelDefaults) out.push({ policy: "onprem-kubelet-protect-kernel-defaults", what: "kubelet.protectKernelDefaults=false" });
    if (spec.controlPlane?.profiling) out.push({ policy: "onprem-apiserver-profiling", what: "controlPlane.profiling=true" });
    if (spec.controlPlane && !spec.controlPlane.alwaysPullImages) out.push({ policy: "onprem-apiserver-admission-plugins", what: "controlPlane.alwaysPullImages=false" });
    return out;
}

function isObj(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown, field: string, dflt?: string): string {
    if (v === undefined || v === null) {
        if (dflt === undefined) throw new SpecError(`${field} is required`);
        return dflt;
    }
    if (typeof v !== "string") throw new SpecError(`${field} must be a string`);
    return v;
}

function optStr(v: unknown, field: string): string | undefined {
    return v === undefined || v === null ? undefined : str(v, field);
}

function num(v: unknown, field: string, dflt: number): number {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new SpecError(`${field} must be a number`);
    return v;
}

function bool(v: unknown, field: string, dflt: boolean): boolean {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "boolean") throw new SpecError(`${field} must be a boolean`);
    return v;
}

function strMap(v: unknown, field: string, dflt: Record<string, string> = {}): Record<string, string> {
    if (v === undefined || v === null) return { ...dflt };
    if (!isObj(v)) throw new SpecError(`${field} must be a map of strings`);
    const out: Record<string, string> = { ...dflt };
    for (const [k, val] of Object.entries(v)) {
        if (typeof val !== "string") throw new SpecError(`${field}.${k} must be a string`);
        out[k] = val;
    }
    return out;
}

function strList(v: unknown, field: string, dflt: string[] = []): string[] {
    if (v === undefined || v === null) return [...dflt];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new SpecError(`${field} must be a list of strings`);
    return [...v];
}

function objOr(v: unknown, field: string): Record<string, unknown> {
    if (v === undefined || v === null) return {};
    if (!isObj(v)) throw new SpecError(`${field} must be an object`);
    return v;
}

/** Kubernetes label key/value syntax (prefix/name), so a bad label fails at preview, not at join. */
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const ISOLATION_LABEL_PREFIX = "node-restriction.kubernetes.io/";

/** Resolves raw (already-resolved Input) arguments into a spec. Throws SpecError on bad args. */
export function resolveSpec(raw: unknown, defaultPoolName = "pool"): NodePoolSpec {
    const a = isObj(raw) ? raw : {};
    const role = str(a.role, "role", "worker");
    if (role !== "control-plane" && role !== "worker") throw new SpecError(`role must be "control-plane" or "worker", got "${role}"`);
    const poolName = str(a.poolName, "poolName", defaultPoolName);
    if (!DNS_SUBDOMAIN.test(poolName) || poolName.length > 63) throw new SpecError(`poolName "${poolName}" must be a lowercase DNS label`);
    const initControlPlane = bool(a.initControlPlane, "initControlPlane", false);
    if (initControlPlane && role !== "control-plane") throw new SpecError("initControlPlane requires role \"control-plane\"");
    const kubernetesVersion = str(a.kubernetesVersion, "kubernetesVersion", "v1.34.1");
    if (!/^v1\.\d+\.\d+$/.test(kubernetesVersion)) throw new SpecError(`kubernetesVersion "${kubernetesVersion}" must look like v1.34.1`);
    const controlPlaneEndpoint = str(a.controlPlaneEndpoint, "controlPlaneEndpoint");
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(controlPlaneEndpoint)) throw new SpecError(`controlPlaneEndpoint "${controlPlaneEndpoint}" must be host:port`);

    const bootstrapToken = optStr(a.bootstrapToken, "bootstrapToken");
    // Never echo the token itself: it is a credential.
    if (bootstrapToken !== undefined && !/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(bootstrapToken)) {
        throw new SpecError("bootstrapToken must match [a-z0-9]{6}.[a-z0-9]{16} (value not shown)");
    }
    if (!initControlPlane && bootstrapToken === undefined) throw new SpecError("bootstrapToken is required to join a node (kubeadm join)");
    const bootstrapTokenTtl = str(a.bootstrapTokenTtl, "bootstrapTokenTtl", "1h");
    if (!/^([0-9]+h)?([0-9]+m)?([0-9]+s)?$/.test(bootstrapTokenTtl) || bootstrapTokenTtl === "" || parseDurationSeconds(bootstrapTokenTtl) === 0) {
        throw new SpecError(`bootstrapTokenTtl "${bootstrapTokenTtl}" must be a non-zero duration such as 1h or 30m`);
    }
    const caCertHashes = strList(a.caCertHashes, "caCertHashes");
    if (!initControlPlane && caCertHashes.length === 0) throw new SpecError("caCertHashes is required: pin the cluster CA (sha256:<hex>) for token discovery");
    for (const h of caCertHashes) {
        if (!/^sha256:[0-9a-f]{64}$/.test(h)) throw new SpecError(`caCertHashes entry "${h}" must be sha256:<64 hex digits>`);
    }

    const dedicated = bool(a.dedicated, "dedicated", role === "control-plane");
    const taints: Taint[] = [];
    if (role === "control-plane") taints.push({ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" });
    if (dedicated && role === "worker") taints.push({ key: "dedicated", value: poolName, effect: "NoSchedule" });

    const isolationLabels = strMap(a.isolationLabels, "isolationLabels", dedicated && role === "worker" ? { [`${ISOLATION_LABEL_PREFIX}pool`]: poolName } : {});
    for (const [k, v] of Object.entries(isolationLabels)) {
        if (!k.startsWith(ISOLATION_LABEL_PREFIX) || !LABEL_NAME.test(k.slice(ISOLATION_LABEL_PREFIX.length))) {
            throw new SpecError(`isolationLabels key "${k}" must be ${ISOLATION_LABEL_PREFIX}<name>: only that prefix is protected from kubelets by NodeRestriction`);
        }
        if (v !== "" && !LABEL_NAME.test(v)) throw new SpecError(`isolationLabels["${k}"] value "${v}" is not a valid label value`);
    }

    const k = objOr(a.kubelet, "kubelet");
    const kubelet: KubeletSettings = {
        readOnlyPort: num(k.readOnlyPort, "kubelet.readOnlyPort", 0),
        seccompDefault: bool(k.seccompDefault, "kubelet.seccompDefault", true),
        protectKernelDefaults: bool(k.protectKernelDefaults, "kubelet.protectKernelDefaults", true),
        eventRecordQPS: num(k.eventRecordQPS, "kubelet.eventRecordQPS", 5),
        podPidsLimit: num(k.podPidsLimit, "kubelet.podPidsLimit", 4096),
        streamingConnectionIdleTimeout: str(k.streamingConnectionIdleTimeout, "kubelet.streamingConnectionIdleTimeout", "5m0s"),
        tlsMinVersion: str(k.tlsMinVersion, "kubelet.tlsMinVersion", "VersionTLS12"),
        maxPods: num(k.maxPods, "kubelet.maxPods", 110),
        kubeReserved: strMap(k.kubeReserved, "kubelet.kubeReserved", { cpu: "200m", memory: "512Mi", "ephemeral-storage": "1Gi", pid: "1000" }),
        systemReserved: strMap(k.systemReserved, "kubelet.systemReserved", { cpu: "200m", memory: "512Mi", "ephemeral-storage": "1Gi", pid: "1000" }),
        evictionHard: strMap(k.evictionHard, "kubelet.evictionHard", { "memory.available": "200Mi", "nodefs.available": "10%", "nodefs.inodesFree": "5%", "imagefs.available": "15%" }),
        shutdownGracePeriod: str(k.shutdownGracePeriod, "kubelet.shutdownGracePeriod", "60s"),
        shutdownGracePeriodCriticalPods: str(k.shutdownGracePeriodCriticalPods, "kubelet.shutdownGracePeriodCriticalPods", "20s"),
        containerLogMaxSize: str(k.containerLogMaxSize, "kubelet.containerLogMaxSize", "10Mi"),
        containerLogMaxFiles: num(k.containerLogMaxFiles, "kubelet.containerLogMaxFiles", 5),
    };
    if (!Number.isInteger(kubelet.readOnlyPort) || kubelet.readOnlyPort < 0 || kubelet.readOnlyPort > 65535) throw new SpecError("kubelet.readOnlyPort must be 0 (off) or a port number");
    if (kubelet.eventRecordQPS <= 0) throw new SpecError("kubelet.eventRecordQPS must be > 0 (0 means unlimited)");
    if (kubelet.podPidsLimit <= 0) throw new SpecError("kubelet.podPidsLimit must be > 0 (-1 means unlimited)");
    if (/^0+[smh]?$/.test(kubelet.streamingConnectionIdleTimeout) || parseDurationSeconds(kubelet.streamingConnectionIdleTimeout) === 0) {
        throw new SpecError("kubelet.streamingConnectionIdleTimeout must be a non-zero duration");
    }
    if (kubelet.tlsMinVersion !== "VersionTLS12" && kubelet.tlsMinVersion !== "VersionTLS13") throw new SpecError("kubelet.tlsMinVersion must be VersionTLS12 or VersionTLS13");

    let controlPlane: ControlPlaneSettings | undefined;
    if (role === "control-plane") {
        const c = objOr(a.controlPlane, "controlPlane");
        const e = objOr(c.encryption, "controlPlane.encryption");
        const encryption: EncryptionSettings = {
            kmsEndpoint: optStr(e.kmsEndpoint, "controlPlane.encryption.kmsEndpoint"),
            kmsName: str(e.kmsName, "controlPlane.encryption.kmsName", "kms-v2"),
            kmsTimeout: str(e.kmsTimeout, "controlPlane.encryption.kmsTimeout", "3s"),
            aescbcKey: optStr(e.aescbcKey, "controlPlane.encryption.aescbcKey"),
            keyName: str(e.keyName, "controlPlane.encryption.keyName", "key1"),
        };
        if (encryption.kmsEndpoint === undefined && encryption.aescbcKey === undefined) {
            throw new SpecError("controlPlane.encryption needs kmsEndpoint (KMS v2) or aescbcKey (a secret): Secrets must be encrypted at rest (CIS 1.2.27/1.2.28)");
        }
        if (encryption.kmsEndpoint !== undefined && !/^unix:\/\/\/.+/.test(encryption.kmsEndpoint)) {
            throw new SpecError(`controlPlane.encryption.kmsEndpoint "${encryption.kmsEndpoint}" must be a unix:/// socket`);
        }
        if (encryption.aescbcKey !== undefined && base64Length(encryption.aescbcKey) !== 32) {
            throw new SpecError("controlPlane.encryption.aescbcKey must be the base64 encoding of exactly 32 random bytes (value not shown)");
        }
        const o = c.oidc === undefined || c.oidc === null ? undefined : objOr(c.oidc, "controlPlane.oidc");
        let oidc: OidcSettings | undefined;
        if (o) {
            oidc = {
                issuerUrl: str(o.issuerUrl, "controlPlane.oidc.issuerUrl"),
                audiences: strList(o.audiences, "controlPlane.oidc.audiences", ["kubernetes"]),
                usernameClaim: str(o.usernameClaim, "controlPlane.oidc.usernameClaim", "email"),
                usernamePrefix: str(o.usernamePrefix, "controlPlane.oidc.usernamePrefix", "oidc:"),
                groupsClaim: str(o.groupsClaim, "controlPlane.oidc.groupsClaim", "groups"),
                groupsPrefix: str(o.groupsPrefix, "controlPlane.oidc.groupsPrefix", "oidc:"),
                certificateAuthority: optStr(o.certificateAuthority, "controlPlane.oidc.certificateAuthority"),
            };
            if (!/^https:\/\//.test(oidc.issuerUrl)) throw new SpecError(`controlPlane.oidc.issuerUrl "${oidc.issuerUrl}" must be https://`);
            if (oidc.audiences.length === 0) throw new SpecError("controlPlane.oidc.audiences must not be empty");
        }
        controlPlane = {
            allowAnonymousHealthChecks: bool(c.allowAnonymousHealthChecks, "controlPlane.allowAnonymousHealthChecks", true),
            profiling: bool(c.profiling, "controlPlane.profiling", false),
            alwaysPullImages: bool(c.alwaysPullImages, "controlPlane.alwaysPullImages", true),
            auditLogMaxAge: num(c.auditLogMaxAge, "controlPlane.auditLogMaxAge", 30),
            auditLogMaxBackup: num(c.auditLogMaxBackup, "controlPlane.auditLogMaxBackup", 10),
            auditLogMaxSize: num(c.auditLogMaxSize, "controlPlane.auditLogMaxSize", 100),
            oidc,
            encryption,
            podSecurityLevel: str(c.podSecurityLevel, "controlPlane.podSecurityLevel", "restricted"),
            podSecurityVersion: str(c.podSecurityVersion, "controlPlane.podSecurityVersion", kubernetesVersion.replace(/^(v1\.\d+)\..*$/, "$1")),
            podSecurityExemptNamespaces: strList(c.podSecurityExemptNamespaces, "controlPlane.podSecurityExemptNamespaces", ["kube-system"]),
            serviceSubnet: str(c.serviceSubnet, "controlPlane.serviceSubnet", "10.96.0.0/12"),
            podSubnet: str(c.podSubnet, "controlPlane.podSubnet", "10.244.0.0/16"),
            certificateKey: optStr(c.certificateKey, "controlPlane.certificateKey"),
        };
        if (!["privileged", "baseline", "restricted"].includes(controlPlane.podSecurityLevel)) {
            throw new SpecError(`controlPlane.podSecurityLevel "${controlPlane.podSecurityLevel}" must be privileged, baseline or restricted`);
        }
        if (controlPlane.auditLogMaxAge < 1 || controlPlane.auditLogMaxBackup < 1 || controlPlane.auditLogMaxSize < 1) {
            throw new SpecError("controlPlane.auditLogMaxAge/MaxBackup/MaxSize must be >= 1");
        }
    } else if (a.controlPlane !== undefined && a.controlPlane !== null) {
        throw new SpecError("controlPlane settings are only valid with role \"control-plane\"");
    }

    const cd = objOr(a.containerd, "containerd");
    const registryMirrors: Record<string, string[]> = {};
    for (const [host, mirrors] of Object.entries(objOr(cd.registryMirrors, "containerd.registryMirrors"))) {
        const list = strList(mirrors, `containerd.registryMirrors["${host}"]`);
        for (const m of list) if (!/^https:\/\//.test(m)) throw new SpecError(`containerd.registryMirrors["${host}"] mirror "${m}" must be https://`);
        registryMirrors[host] = list;
    }
    const containerd: ContainerdSettings = {
        registryMirrors,
        sandboxImage: str(cd.sandboxImage, "containerd.sandboxImage", "registry.k8s.io/pause:3.10.1"),
        selinux: bool(cd.selinux, "containerd.selinux", false),
    };
    if (!/:[A-Za-z0-9_][A-Za-z0-9_.-]*$|@sha256:[0-9a-f]{64}$/.test(containerd.sandboxImage) || /:latest$/.test(containerd.sandboxImage)) {
        throw new SpecError(`containerd.sandboxImage "${containerd.sandboxImage}" must be pinned to a version tag or digest`);
    }

    const x = objOr(a.extraArgs, "extraArgs");
    const ov = objOr(a.overrides, "overrides");
    const containerdOv: Record<string, Record<string, unknown>> = {};
    for (const [table, kv] of Object.entries(objOr(ov.containerd, "overrides.containerd"))) containerdOv[table] = objOr(kv, `overrides.containerd["${table}"]`);
    const spec: NodePoolSpec = {
        role,
        poolName,
        initControlPlane,
        kubernetesVersion,
        controlPlaneEndpoint,
        bootstrapToken,
        bootstrapTokenTtl,
        caCertHashes,
        dedicated,
        taints,
        isolationLabels,
        kubelet,
        controlPlane,
        containerd,
        extraArgs: {
            apiServer: strMap(x.apiServer, "extraArgs.apiServer"),
            controllerManager: strMap(x.controllerManager, "extraArgs.controllerManager"),
            scheduler: strMap(x.scheduler, "extraArgs.scheduler"),
            etcd: strMap(x.etcd, "extraArgs.etcd"),
            kubelet: strMap(x.kubelet, "extraArgs.kubelet"),
        },
        overrides: {
            kubelet: objOr(ov.kubelet, "overrides.kubelet"),
            clusterConfiguration: objOr(ov.clusterConfiguration, "overrides.clusterConfiguration"),
            joinConfiguration: objOr(ov.joinConfiguration, "overrides.joinConfiguration"),
            initConfiguration: objOr(ov.initConfiguration, "overrides.initConfiguration"),
            auditPolicy: objOr(ov.auditPolicy, "overrides.auditPolicy"),
            encryptionConfiguration: objOr(ov.encryptionConfiguration, "overrides.encryptionConfiguration"),
            admissionConfiguration: objOr(ov.admissionConfiguration, "overrides.admissionConfiguration"),
            authenticationConfiguration: objOr(ov.authenticationConfiguration, "overrides.authenticationConfiguration"),
            kubeProxy: objOr(ov.kubeProxy, "overrides.kubeProxy"),
            containerd: containerdOv,
            cloudConfig: objOr(ov.cloudConfig, "overrides.cloudConfig"),
        },
        waivers: strMap(a.waivers, "waivers"),
    };
    return spec;
}

/** Go-style duration (`1h30m`, `5m0s`, `90s`) in seconds; NaN when unparseable. */
export function parseDurationSeconds(d: string): number {
    const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/.exec(d.trim());
    if (!m || d.trim() === "") return NaN;
    return (Number(m[1] ?? 0) * 3600) + (Number(m[2] ?? 0) * 60) + Number(m[3] ?? 0);
}

function base64Length(s: string): number {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return -1;
    return Buffer.from(s, "base64").length;
}
