import { withCause } from "../../../lib/cause";
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { describeImage, imageCause, imagesOf, matchesRegistryEntry } from "./image-ref";

interface Config {
    allowedRegistries: string[];
}

export const restrictImageRegistries = resourcePolicy<Config>(
    {
        name: "restrict-image-registries",
        measure: "supply-chain.trusted-registries",
        description:
            "Container images must come from a trusted registry. Entries of allowedRegistries are registry hosts (`myacr.azurecr.io`), host wildcards (`*.azurecr.io`) or repository prefixes (`ghcr.io/my-org`). While no registry is configured, an image from Docker Hub is rejected however it is spelt (`nginx:1.27`, `bitnami/redis`, `docker.io/bitnami/redis`): it resolves to whatever the public namespace holds; images from other named registries pass until allowedRegistries says which to trust.",
        severity: "high",
        remediationSteps:
            "Mirror or build images into the organisation's registry (AKS: Azure Container Registry with artifact cache; on-prem: Harbor or a pull-through cache), reference them by full name, and list that registry in allowedRegistries.",
        configSchema: {
            properties: {
                allowedRegistries: { type: "array", items: { type: "string" }, default: [], description: "Registries (hosts, *.wildcards or repository prefixes) images may come from." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            const allowed = (Array.isArray(ctx.config.allowedRegistries) ? ctx.config.allowedRegistries : []).filter((e): e is string => typeof e === "string" && e.trim() !== "");
            for (const u of imagesOf(ctx.type, props)) {
                if (!u.ref) continue; // invalid references are reported by disallow-latest-tag and require-image-digest
                if (allowed.length === 0) {
                    // `bitnami/x` and `docker.io/bitnami/x` are the same image from the same public
                    // namespace: one verdict for both, however the reference is spelt.
                    if (u.ref.registry === "docker.io") {
                        report(withCause(`${describeImage(u)} comes from Docker Hub (docker.io/${u.ref.repository}${u.ref.registryExplicit ? "" : ", implicitly"}), a public namespace; pull it through a trusted registry or list the registries you trust in allowedRegistries.`, imageCause(u)));
                    }
                } else if (!allowed.some((e) => matchesRegistryEntry(u.ref!, e))) {
                    report(withCause(`${describeImage(u)} comes from registry "${u.ref.registry}", which is not in allowedRegistries (${allowed.join(", ")}).`, imageCause(u)));
                }
            }
        },
    },
);
