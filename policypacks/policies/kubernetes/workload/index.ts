// workload policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import { beyondPssPolicies } from "./beyond-pss";
// Pod Security Standards: one policy per Pod Security Admission check.
import { pssPrivileged } from "./pss-privileged";
import { pssHostNamespaces } from "./pss-host-namespaces";
import { pssHostPathVolumes } from "./pss-host-path-volumes";
import { pssHostPorts } from "./pss-host-ports";
import { pssAppArmorProfile } from "./pss-apparmor-profile";
import { pssCapabilitiesBaseline } from "./pss-capabilities-baseline";
import { pssSeLinuxOptions } from "./pss-selinux-options";
import { pssProcMount } from "./pss-proc-mount";
import { pssSeccompBaseline } from "./pss-seccomp-baseline";
import { pssSysctls } from "./pss-sysctls";
import { pssWindowsHostProcess } from "./pss-windows-host-process";
import { pssHostProbesAndLifecycle } from "./pss-host-probes-and-lifecycle";
import { pssAllowPrivilegeEscalation } from "./pss-allow-privilege-escalation";
import { pssCapabilitiesRestricted } from "./pss-capabilities-restricted";
import { pssRunAsNonRoot } from "./pss-run-as-non-root";
import { pssRunAsUser } from "./pss-run-as-user";
import { pssSeccompRestricted } from "./pss-seccomp-restricted";
import { pssRestrictedVolumes } from "./pss-restricted-volumes";
import { pssProcMountRestricted } from "./pss-proc-mount-restricted";

/** The pss-* policies, baseline checks first, in Pod Security Admission's check order. */
export const pssPolicies: KslPolicy[] = [
    pssPrivileged, pssHostNamespaces, pssHostPathVolumes, pssHostPorts, pssAppArmorProfile,
    pssCapabilitiesBaseline, pssSeLinuxOptions, pssProcMount, pssSeccompBaseline, pssSysctls,
    pssWindowsHostProcess, pssHostProbesAndLifecycle, pssAllowPrivilegeEscalation,
    pssCapabilitiesRestricted, pssRunAsNonRoot, pssRunAsUser, pssSeccompRestricted,
    pssRestrictedVolumes, pssProcMountRestricted,
];

export const workloadPolicies: KslPolicy[] = [...pssPolicies, ...beyondPssPolicies];
