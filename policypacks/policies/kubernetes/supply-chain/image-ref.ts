// Container image references parsed as the container runtimes do (distribution/reference):
//   [registry[:port]/]path[:tag][@algorithm:digest]
// The first path component is a registry only if it contains "." or ":", is "localhost", or has
// upper-case letters; otherwise the image implicitly comes from Docker Hub (docker.io/library/...).
import { containersOf, ContainerView } from "../../../lib/k8s";
import { podsOf, PodView, containerPathOf } from "../../../lib/pod-specs";

export interface ImageRef {
    /** As written. */
    raw: string;
    /** Registry host (with port), lower-cased; `docker.io` when implicit. */
    registry: string;
    /** False when the reference relies on the implicit Docker Hub default. */
    registryExplicit: boolean;
    /** Repository path without registry, e.g. `library/nginx`. */
    repository: string;
    tag?: string;
    /** `sha256:<hex>` when present. */
    digest?: string;
    /** Whether `digest` is a well-formed content digest (sha256: 64 hex, sha384: 96, sha512: 128). */
    digestValid: boolean;
}

const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Parses an image reference; undefined for values that are not a non-empty string without whitespace. */
export function parseImageRef(raw: unknown): ImageRef | undefined {
    if (typeof raw !== "string") return undefined;
    const ref = raw.trim();
    if (ref === "" || /\s/.test(ref)) return undefined;
    let rest = ref;
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const colon = rest.lastIndexOf(":");
    if (colon > rest.lastIndexOf("/")) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    let registry = "docker.io";
    let registryExplicit = false;
    let repository = rest;
    const slash = rest.indexOf("/");
    if (slash >= 0) {
        const first = rest.slice(0, slash);
        if (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase()) {
            registry = first.toLowerCase();
            registryExplicit = true;
            repository = rest.slice(slash + 1);
        }
    }
    if (DOCKER_HUB_ALIASES.has(registry)) {
        registry = "docker.io";
        if (!repository.includes("/")) repository = `library/${repository}`;
    }
    let digestValid = false;
    if (digest !== undefined) {
        const [alg, hex] = digest.split(":", 2);
        const len = DIGEST_LENGTHS[alg];
        digestValid = len !== undefined && typeof hex === "string" && new RegExp(`^[a-f0-9]{${len}}$`).test(hex);
    }
    return { raw: ref, registry, registryExplicit, repository, tag: tag === "" ? undefined : tag, digest, digestValid };
}

/** True when the image is pinned by a well-formed content digest. */
export function isDigestPinned(ref: ImageRef | undefined): boolean {
    return ref !== undefined && ref.digestValid;
}

export interface ImageUse {
    pod: PodView;
    container: ContainerView;
    /** Dotted path of the container, for messages. */
    path: string;
    image: unknown;
    ref?: ImageRef;
}

/** Every container image of a pod-carrying resource (init, regular and ephemeral containers). */
export function imagesOf(type: string, props: any): ImageUse[] {
    return podsOf(type, props).flatMap((pod) =>
        containersOf(pod.spec).map((container) => ({
            pod,
            container,
            path: containerPathOf(pod, container),
            image: container.c.image,
            ref: parseImageRef(container.c.image),
        })),
    );
}

/**
 * The root cause the image policies share (lib/cause.ts): one image reference, whatever each policy
 * finds wrong with it, so a report shows one image as one finding.
 */
export function imageCause(u: ImageUse): string {
    return `image ${typeof u.image === "string" ? u.image : "(invalid)"}`;
}

/** `container "app" (spec.containers[0]) image "nginx:1.27"` for messages (image references are not secret). */
export function describeImage(u: ImageUse): string {
    const kindWord = u.container.kind === "initContainers" ? "initContainer" : u.container.kind === "ephemeralContainers" ? "ephemeralContainer" : "container";
    return `${kindWord} "${u.container.name}" (${u.path}.image="${typeof u.image === "string" ? u.image : ""}")`;
}

/**
 * Matches an image against an allow-list entry:
 *   `myacr.azurecr.io`            the registry host (any repository);
 *   `*.azurecr.io`                any subdomain of the host;
 *   `ghcr.io/my-org`              a repository prefix, on a path boundary;
 *   `docker.io/library/nginx`     Docker Hub entries in normalised form.
 */
export function matchesRegistryEntry(ref: ImageRef, entry: string): boolean {
    const e = entry.trim().toLowerCase().replace(/\/+$/, "");
    if (e === "") return false;
    const slash = e.indexOf("/");
    const host = slash >= 0 ? e.slice(0, slash) : e;
    const path = slash >= 0 ? e.slice(slash + 1) : "";
    const normHost = DOCKER_HUB_ALIASES.has(host) ? "docker.io" : host;
    const hostOk = normHost.startsWith("*.") ? ref.registry.endsWith(normHost.slice(1)) : ref.registry === normHost;
    if (!hostOk) return false;
    if (path === "") return true;
    const repo = ref.repository.toLowerCase();
    return repo === path || repo.startsWith(path + "/");
}
