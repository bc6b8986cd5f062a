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
            "Container images must come from a trusted registry. Entries of allowedRegistries are registry hosts (`myacr.azurecr.io`), host wildcards (`*.azurecr.io`) or repository prefixes (`ghcr.io/my-org`); an image is matched however it is spelt (`nginx:1.27`, `bitnami/redis` and `docker.io/bitnami/redis` are all Docker Hub). Which registries are trusted is the organisation's decision, so until allowedRegistries is set every image gets an advisory finding naming its registry (`ksl config --allowed-registries-from` writes the list from a scan or a stack export); once it is set, an image from any other registry is blocked at the policy's level.",
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
                    // Without the user's list no registry is more trusted than another: say where
                    // the image comes from, as advice, never as a block.
                    const from = u.ref.registry === "docker.io" ? `Docker Hub (docker.io/${u.ref.repository}${u.ref.registryExplicit ? "" : ", implicitly"})` : `registry "${u.ref.registry}"`;
                    report(
                        withCause(`${describeImage(u)} comes from ${from}; allowedRegistries is not configured, so whether that registry is trusted is not decided: list the registries you trust (ksl config --allowed-registries-from <scan or stack export>).`, imageCause(u)),
                        "advisory",
                    );
                } else if (!allowed.some((e) => matchesRegistryEntry(u.ref!, e))) {
                    report(withCause(`${describeImage(u)} comes from registry "${u.ref.registry}", which is not in allowedRegistries (${allowed.join(", ")}).`, imageCause(u)));
                }
            }
        },
    },
);
