// Workload policies beyond the Pod Security Standards, in the order they are reported.
// index.ts spreads this list into workloadPolicies (the pss-* policies sit next to it there).
import type { KslPolicy } from "../../../lib/policy";
import { disallowSensitiveHostMounts } from "./disallow-sensitive-host-mounts";
import { disallowContainerRuntimeSocket } from "./disallow-container-runtime-socket";
import { requireReadOnlyHostPath } from "./require-read-only-host-path";
import { restrictHostPathPersistentVolumes } from "./restrict-host-path-persistent-volumes";
import { disallowDangerousCapabilities } from "./disallow-dangerous-capabilities";
import { requireDropNetRaw } from "./require-drop-net-raw";
import { disallowAutomountServiceAccountToken } from "./disallow-automount-service-account-token";
import { disallowRemovedApiVersions } from "./disallow-removed-api-versions";
import { requireReadOnlyRootFilesystem } from "./require-read-only-root-filesystem";
import { requireNonRootGroups } from "./require-non-root-groups";
import { requireRunAsHighUid } from "./require-run-as-high-uid";
import { disallowHostAliases } from "./disallow-host-aliases";
import { requireResourceLimits } from "./require-resource-limits";
import { requireEmptyDirSizeLimit } from "./require-emptydir-size-limit";
import { requireHealthProbes } from "./require-health-probes";
import { requireReplicas } from "./require-replicas";
import { requirePodDisruptionBudget } from "./require-pod-disruption-budget";
import { requireTopologySpread } from "./require-topology-spread";
import { requirePriorityClass } from "./require-priority-class";
import { disallowDefaultServiceAccount } from "./disallow-default-service-account";
import { disallowDeprecatedServiceAccountField } from "./disallow-deprecated-service-account-field";
import { disallowBarePods } from "./disallow-bare-pods";
import { requireUserNamespaces } from "./require-user-namespaces";
import { requireSandboxedRuntimeClass } from "./require-sandboxed-runtime-class";
import { disallowEphemeralContainers } from "./disallow-ephemeral-containers";
import { disallowPrivilegedAndSshPorts } from "./disallow-privileged-and-ssh-ports";
import { requireServiceAccountInStack } from "./require-service-account-in-stack";

export const beyondPssPolicies: KslPolicy[] = [
    disallowRemovedApiVersions,
    disallowSensitiveHostMounts,
    disallowContainerRuntimeSocket,
    requireReadOnlyHostPath,
    restrictHostPathPersistentVolumes,
    disallowDangerousCapabilities,
    requireDropNetRaw,
    disallowAutomountServiceAccountToken,
    requireReadOnlyRootFilesystem,
    requireNonRootGroups,
    requireRunAsHighUid,
    disallowHostAliases,
    requireResourceLimits,
    requireEmptyDirSizeLimit,
    requireHealthProbes,
    requireReplicas,
    requirePodDisruptionBudget,
    requireTopologySpread,
    requirePriorityClass,
    disallowDefaultServiceAccount,
    disallowDeprecatedServiceAccountField,
    disallowBarePods,
    requireUserNamespaces,
    requireSandboxedRuntimeClass,
    disallowEphemeralContainers,
    disallowPrivilegedAndSshPorts,
    requireServiceAccountInStack,
];
