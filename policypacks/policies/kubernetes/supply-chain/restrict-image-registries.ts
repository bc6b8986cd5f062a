import { resourcePolicy } from "../../../lib/policy";
import { POD_SPEC_TYPES } from "../../../lib/k8s";
import { describeImage, imagesOf, matchesRegistryEntry } from "./image-ref";

interface Config {
    allowedRegistries: string[];
}

export const restrictImageRegistries = resourcePolicy<Config>(
    {
        name: "restrict-image-registries",
        measure: "supply-chain.trusted-registries",
        description:
            "Container images must come from a trusted registry. Entries of allowedRegistries are registry hosts (`myacr.azurecr.io`), host wildcards (`*.azurecr.io`) or repository prefixes (`ghcr.io/my-org`). While no registry is configured, every image must at least name its registry explicitly: an implicit Docker Hub reference such as `nginx:1.27` or `library/nginx` is rejected, because it resolves to whatever the public namespace holds and hides where the image comes from.",
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
        types: POD_SPEC_TYPES,
        validate: (props, ctx, report) => {
            const allowed = (Array.isArray(ctx.config.allowedRegistries) ? ctx.config.allowedRegistries : []).filter((e): e is string => typeof e === "string" && e.trim() !== "");
            for (const u of imagesOf(ctx.type, props)) {
                if (!u.ref) continue; // invalid references are reported by disallow-latest-tag and require-image-digest
                if (allowed.length === 0) {
                    if (!u.ref.registryExplicit) report(`${describeImage(u)} does not name its registry (implicitly docker.io/${u.ref.repository}); use a fully qualified reference from a trusted registry.`);
                } else if (!allowed.some((e) => matchesRegistryEntry(u.ref!, e))) {
                    report(`${describeImage(u)} comes from registry "${u.ref.registry}", which is not in allowedRegistries (${allowed.join(", ")}).`);
                }
            }
        },
    },
);
