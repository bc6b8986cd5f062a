import { resourcePolicy } from "../../../lib/policy";
import { containersOf } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { capabilityList, containerLabel, isWindowsPod } from "./hardening-helpers";
import { showValue } from "../../../lib/format";

export const requireDropNetRaw = resourcePolicy(
    {
        name: "require-drop-net-raw",
        measure: "workload.capabilities",
        description:
            "Every container must drop NET_RAW (or ALL) and must not add it back. Container runtimes grant NET_RAW by default; it allows crafting raw packets for ARP and DNS spoofing against other pods on the node. Pod Security Baseline does not require dropping it and Restricted only does through drop ALL, so this check protects workloads in baseline and privileged namespaces too. Windows pods are exempt.",
        severity: "medium",
        remediationSteps:
            "Add `ALL` (preferred) or `NET_RAW` to securityContext.capabilities.drop of each container and remove NET_RAW from capabilities.add. Tools such as ping work without it via the net.ipv4.ping_group_range sysctl.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (isWindowsPod(pod.spec)) continue;
                for (const v of containersOf(pod.spec)) {
                    const drop = capabilityList(v.c, "drop");
                    const add = capabilityList(v.c, "add");
                    if (add.includes("NET_RAW") || add.includes("ALL")) {
                        report(`${containerLabel(pod, v)} adds ${add.includes("NET_RAW") ? "NET_RAW" : "ALL"} in securityContext.capabilities.add.`);
                    } else if (!drop.includes("NET_RAW") && !drop.includes("ALL")) {
                        report(`${containerLabel(pod, v)} does not drop NET_RAW: securityContext.capabilities.drop=${showValue(drop)} must contain "ALL" or "NET_RAW".`);
                    }
                }
            }
        },
    },
);
