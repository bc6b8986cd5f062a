import { kubeletSaid, onpremPolicy } from "./lib/check";
import { parseDurationSeconds } from "../../../kubeadm/spec";

/** CIS 4.2.5, 4.2.8, 4.2.13: idle streams close, events are rate-limited, pods cannot fork-bomb the node. */
export const onpremKubeletLimits = onpremPolicy<{ maxPodPidsLimit: number }>(
    {
        name: "onprem-kubelet-limits",
        measure: "infrastructure.kubelet-resource-protection",
        description:
            "The kubelet must close idle streaming connections (`streamingConnectionIdleTimeout` not 0, CIS 4.2.5), rate-limit event creation (`eventRecordQPS` not 0, CIS 4.2.8), bound the process IDs of each pod (`podPidsLimit`, CIS 4.2.13) and fail when swap is on. Unbounded, a single pod can exhaust the node's PIDs or flood the API server with events.",
        severity: "medium",
        remediationSteps:
            "Set `streamingConnectionIdleTimeout: 5m`, `eventRecordQPS: 5`, `podPidsLimit: 4096` (at most maxPodPidsLimit) and `failSwapOn: true` in the KubeletConfiguration.",
        configSchema: { properties: { maxPodPidsLimit: { type: "integer", minimum: 1, default: 32768, description: "Highest podPidsLimit accepted: a limit above it does not stop a fork bomb." } } },
    },
    {
        kubelet: (k, config, report) => {
            const idle = k.setting("streamingConnectionIdleTimeout").value;
            // Go parses a bare "0" as a zero duration.
            if (idle !== undefined && (idle === 0 || (typeof idle === "string" && (idle.trim() === "0" || parseDurationSeconds(idle) === 0)))) {
                report(`${kubeletSaid(k, "streamingConnectionIdleTimeout")} (CIS 4.2.5: 0 never closes idle streams).`);
            }
            const qps = k.setting("eventRecordQPS").value;
            if (qps !== undefined && Number(qps) === 0) report(`${kubeletSaid(k, "eventRecordQPS")} (CIS 4.2.8: 0 means unlimited; set e.g. 5).`);
            const pids = k.setting("podPidsLimit").value;
            if (k.decided("podPidsLimit")) {
                if (typeof pids !== "number" || pids <= 0) report(`${kubeletSaid(k, "podPidsLimit")} (CIS 4.2.13: set a positive limit such as 4096).`);
                else if (pids > config.maxPodPidsLimit) report(`${kubeletSaid(k, "podPidsLimit")} exceeds maxPodPidsLimit=${config.maxPodPidsLimit}.`);
            }
            const swap = k.setting("failSwapOn").value;
            if (swap === false || swap === "false") report(`${kubeletSaid(k, "failSwapOn")}: the kubelet runs with swap on, so memory limits and eviction are unreliable.`);
        },
    },
);
