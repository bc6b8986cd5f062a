import { stackPolicy } from "../../../lib/policy";
import { deferUnknown, T } from "../../../lib/k8s";
import { Item, StackIndex, UNKNOWN, describe } from "../../../lib/stack-index";
import { showValue } from "../../../lib/format";

const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const PV = "kubernetes:core/v1:PersistentVolume";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

/**
 * A claim's volume is deleted with the claim when its StorageClass (or the PersistentVolume)
 * reclaims with Delete - the default: deleting a StatefulSet's claims, a namespace or a Helm
 * release then destroys the data for good.
 */
export const restrictVolumeReclaimPolicy = stackPolicy(
    {
        name: "restrict-volume-reclaim-policy",
        measure: "data.volume-retention",
        description:
            "Persistent data of stateful workloads should outlive the objects that claim it: a StorageClass used by PersistentVolumeClaims or StatefulSet volumeClaimTemplates in the stack, and a PersistentVolume, should set reclaimPolicy Retain. With Delete (the default when unset) removing a claim - by deleting a namespace, a Helm release or a StatefulSet's claims, or by an attacker with delete rights - deletes the disk and its data with it.",
        severity: "low",
        remediationSteps:
            "Set reclaimPolicy: Retain on the StorageClasses stateful workloads use (and persistentVolumeReclaimPolicy: Retain on static PersistentVolumes); clean up released volumes deliberately, after a backup.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            const classes = idx.ofType(STORAGE_CLASS);
            if (classes.length === 0 && idx.ofType(PV).length === 0) return; // the platform's classes are not in the stack
            const used = new Set<string>();
            let usesDefault = false;
            let unknownClaim: Item | undefined;
            const claimClass = (spec: any, owner: Item) => {
                const c = spec === UNKNOWN ? UNKNOWN : spec?.storageClassName;
                if (c === UNKNOWN) {
                    unknownClaim ??= owner;
                    return;
                }
                if (typeof c === "string" && c !== "") used.add(c);
                else if (c === undefined) usesDefault = true;
            };
            for (const c of idx.ofType(PVC)) claimClass(c.props?.spec, c);
            for (const s of idx.ofType(T.StatefulSet)) {
                const t = s.props?.spec === UNKNOWN ? UNKNOWN : s.props?.spec?.volumeClaimTemplates;
                if (t === UNKNOWN) unknownClaim ??= s;
                else if (Array.isArray(t)) for (const v of t) claimClass(v === UNKNOWN ? UNKNOWN : v?.spec, s);
            }
            // A claim whose class is unknown may use any class of the stack that deletes.
            if (unknownClaim && classes.some((sc) => sc.props?.reclaimPolicy !== "Retain")) deferUnknown("spec.storageClassName", describe(unknownClaim));
            const check = (sc: Item) => {
                const policy = sc.props?.reclaimPolicy;
                if (policy === UNKNOWN) return deferUnknown("reclaimPolicy", describe(sc));
                if (policy === "Retain") return;
                report(sc.r, `${describe(sc)} reclaims with ${policy === undefined ? "Delete (reclaimPolicy unset)" : `reclaimPolicy=${showValue(policy)}`} and claims in the stack use it: deleting a claim deletes the volume's data.`);
            };
            for (const sc of classes) {
                const isDefault = sc.props?.metadata?.annotations?.[DEFAULT_CLASS] === "true";
                if ((sc.name && used.has(sc.name)) || (usesDefault && isDefault)) check(sc);
            }
            for (const pv of idx.ofType(PV)) {
                const spec = pv.props?.spec;
                const policy = spec === UNKNOWN ? UNKNOWN : spec?.persistentVolumeReclaimPolicy;
                if (policy === UNKNOWN) deferUnknown("spec.persistentVolumeReclaimPolicy", describe(pv));
                else if (policy === "Delete") report(pv.r, `${describe(pv)} sets persistentVolumeReclaimPolicy="Delete": releasing its claim deletes the data.`);
            }
        },
    },
);
