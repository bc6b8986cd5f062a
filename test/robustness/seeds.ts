// Realistic starting points for the fuzzers: every example manifest, hardened objects of each
// pod-carrying kind, AKS clusters and pools, on-prem kubelet/kubeadm documents in ConfigMaps,
// cloud-init user-data and OnPremNodePool inputs, and the Azure resources the AKS stack policies read.
import * as fs from "fs";
import * as path from "path";
import { parseManifests, typeToken } from "../../engine/sources/manifests";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES } from "../../policypacks/lib/pod-specs";
import { packPolicies } from "../../policypacks/packs";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { hardened } from "../workload/kinds";
import { CLUSTER_ID, SUB, WS, compliantAgentPool, compliantCluster } from "../aks/fixtures";
import { component, configMapOf, controlPlaneArgs, render, vmWithUserData, workerArgs } from "../onprem/fixtures";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface Seed {
    type: string;
    name: string;
    props: Record<string, any>;
}

function manifestSeeds(): Seed[] {
    const out: Seed[] = [];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.ya?ml$/.test(e.name) && e.name !== "kustomization.yaml") {
                for (const o of parseManifests(fs.readFileSync(p, "utf8"), p)) {
                    const meta = (o.object.metadata ?? {}) as Record<string, unknown>;
                    out.push({ type: typeToken(o.object.apiVersion as string, o.object.kind as string), name: String(meta.name ?? "x"), props: o.object });
                }
            }
        }
    };
    walk(path.join(ROOT, "examples", "manifests"));
    // Upstream-shaped objects of the render fixtures (a kustomize base, plain manifests).
    walk(path.join(ROOT, "test", "fixtures", "content", "manifests"));
    walk(path.join(ROOT, "test", "fixtures", "content", "kustomize", "base"));
    return out;
}

function azureSeeds(): Seed[] {
    return [
        // Legacy features declared explicitly off, so the unknowns suite has the "must be off" policies' fields.
        {
            type: "azure-native:containerservice:ManagedCluster",
            name: "aks1",
            props: {
                ...compliantCluster(),
                id: CLUSTER_ID,
                podIdentityProfile: { enabled: false },
                addonProfiles: { ...compliantCluster().addonProfiles, kubeDashboard: { enabled: false }, httpApplicationRouting: { enabled: false } },
            },
        },
        { type: "azure-native:containerservice:ManagedCluster", name: "bare", props: { resourceGroupName: "rg", location: "westeurope" } },
        { type: "azure-native:containerservice:AgentPool", name: "apps", props: compliantAgentPool() },
        {
            type: "azure-native:monitor:DiagnosticSetting",
            name: "aks1-diag",
            props: { resourceUri: CLUSTER_ID, workspaceId: WS, logs: [{ category: "kube-audit-admin", enabled: true }, { category: "guard", enabled: true }] },
        },
        { type: "azure-native:security:Pricing", name: "defender", props: { pricingName: "Containers", pricingTier: "Standard", scopeId: SUB } },
        {
            type: "azure-native:containerservice:MaintenanceConfiguration",
            name: "aks1-default",
            props: { resourceGroupName: "rg", resourceName: "aks1", configName: "default", maintenanceWindow: { schedule: { weekly: { dayOfWeek: "Sunday", intervalWeeks: 1 } }, durationHours: 4, startTime: "02:00" } },
        },
        { type: "azure-native:containerservice:DeploymentSafeguard", name: "aks1-safeguards", props: { resourceUri: CLUSTER_ID, level: "Enforce" } },
        {
            type: "azure-native:authorization:RoleAssignment",
            name: "acr",
            props: { principalId: "kubelet-oid", roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`, scope: SUB },
        },
        { type: "azure-native:containerregistry:Registry", name: "acr", props: { resourceGroupName: "rg", registryName: "acr", sku: { name: "Premium" }, adminUserEnabled: false } },
    ];
}

function onpremSeeds(): Seed[] {
    const cp = render(controlPlaneArgs(), true);
    const wk = render(workerArgs());
    const vm = vmWithUserData(wk.userData);
    const vm64 = vmWithUserData(render(controlPlaneArgs()).userData, true);
    const comp = component(controlPlaneArgs());
    return [
        { type: configMapOf(cp).type, name: "node-config", props: configMapOf(cp).props as Record<string, any> },
        { type: configMapOf(wk).type, name: "worker-config", props: configMapOf(wk).props as Record<string, any> },
        { type: vm.type, name: "node-1", props: vm.props as Record<string, any> },
        { type: vm64.type, name: "node-2", props: vm64.props as Record<string, any> },
        { type: comp.type, name: "pool", props: comp.props as Record<string, any> },
    ];
}

let cached: Seed[] | undefined;
/** All seeds (cached: treat as read-only, clone before mutating). */
export function allSeeds(): Seed[] {
    if (!cached) {
        cached = [
            ...POD_SPEC_TYPES.map((t) => ({ type: t, name: "web", props: hardened(t) })),
            ...manifestSeeds(),
            ...azureSeeds(),
            ...onpremSeeds(),
            // Unknown kinds and CRDs: `*` policies see them too.
            { type: "kubernetes:example.com/v1:Widget", name: "w", props: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size: 3 } } },
            { type: "random:index/randomPassword:RandomPassword", name: "pw", props: { length: 32, special: true } },
        ];
    }
    return cached;
}

export function seedsOf(type: string): Seed[] {
    return allSeeds().filter((s) => s.type === type);
}

/** Every policy of both packs, once (waiver-valid differs per pack only in the names it knows). */
export function allPolicies(): KslPolicy[] {
    const seen = new Map<string, KslPolicy>();
    for (const platform of ["aks", "onprem"] as const) for (const p of packPolicies(platform)) if (!seen.has(p.name)) seen.set(p.name, p);
    return [...seen.values()];
}

export const resourcePolicies = (): KslPolicy[] => allPolicies().filter((p) => p.ksl.kind === "resource");
export const stackPolicies = (): KslPolicy[] => allPolicies().filter((p) => p.ksl.kind === "stack");

/**
 * The types a policy's tests and fuzzing cover: its type tokens, and for a policy that reads every
 * pod (POD_CARRIER_TYPES) the built-in pod kinds (custom resources: test/workload/custom-resources.spec.ts).
 */
export function targetTypes(p: KslPolicy): readonly string[] {
    return p.ksl.types.join() === POD_CARRIER_TYPES.join() ? POD_SPEC_TYPES : p.ksl.types;
}

export function appliesTo(p: KslPolicy, type: string): boolean {
    return p.ksl.types.includes("*") || targetTypes(p).includes(type);
}

/** Types to fuzz: every type some policy targets, plus the seed types `*` policies meet. */
export function fuzzTypes(): string[] {
    const types = new Set<string>();
    for (const p of resourcePolicies()) for (const t of targetTypes(p)) if (t !== "*") types.add(t);
    for (const s of allSeeds()) types.add(s.type);
    return [...types].sort();
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
