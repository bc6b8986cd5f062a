import { strict as assert } from "assert";
import { matchesRegistryEntry, parseImageRef } from "../../policypacks/policies/kubernetes/supply-chain/image-ref";

const D = "sha256:" + "0f".repeat(32);

describe("parseImageRef", () => {
    const table: Array<[string, Record<string, unknown>]> = [
        ["nginx", { registry: "docker.io", registryExplicit: false, repository: "library/nginx", tag: undefined }],
        ["nginx:1.27", { registry: "docker.io", registryExplicit: false, repository: "library/nginx", tag: "1.27" }],
        ["library/nginx", { registry: "docker.io", registryExplicit: false, repository: "library/nginx" }],
        ["bitnami/redis:7.2", { registry: "docker.io", registryExplicit: false, repository: "bitnami/redis", tag: "7.2" }],
        ["docker.io/nginx:1.27", { registry: "docker.io", registryExplicit: true, repository: "library/nginx", tag: "1.27" }],
        ["index.docker.io/library/nginx", { registry: "docker.io", registryExplicit: true, repository: "library/nginx" }],
        ["localhost/app:dev", { registry: "localhost", registryExplicit: true, repository: "app", tag: "dev" }],
        ["localhost:5000/team/app", { registry: "localhost:5000", registryExplicit: true, repository: "team/app", tag: undefined }],
        ["registry.local:5000/team/app:2.0", { registry: "registry.local:5000", repository: "team/app", tag: "2.0" }],
        ["myacr.azurecr.io/web:1.4.2@" + D, { registry: "myacr.azurecr.io", repository: "web", tag: "1.4.2", digest: D, digestValid: true }],
        ["ghcr.io/acme/web@" + D, { registry: "ghcr.io", repository: "acme/web", tag: undefined, digest: D, digestValid: true }],
        ["ghcr.io/acme/web@sha256:abc", { digest: "sha256:abc", digestValid: false }],
        ["MyRegistry/app:1", { registry: "myregistry", registryExplicit: true, repository: "app", tag: "1" }],
        ["registry:5000/app", { registry: "registry:5000", registryExplicit: true, repository: "app" }],
    ];
    for (const [raw, expected] of table) {
        it(`parses ${raw}`, () => {
            const r = parseImageRef(raw)!;
            assert.ok(r);
            for (const [k, v] of Object.entries(expected)) assert.deepEqual((r as any)[k], v, `${k} of ${raw}`);
        });
    }
    for (const bad of ["", "  ", "nginx 1.27", undefined, null, 42, {}, ["nginx"]]) {
        it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseImageRef(bad), undefined));
    }
});

describe("matchesRegistryEntry", () => {
    const r = (s: string) => parseImageRef(s)!;
    it("matches a host", () => assert.ok(matchesRegistryEntry(r("myacr.azurecr.io/web:1"), "myacr.azurecr.io")));
    it("matches a host case-insensitively", () => assert.ok(matchesRegistryEntry(r("myacr.azurecr.io/web:1"), "MyACR.azurecr.io/")));
    it("matches a wildcard host", () => assert.ok(matchesRegistryEntry(r("myacr.azurecr.io/web:1"), "*.azurecr.io")));
    it("does not match a look-alike host", () => assert.ok(!matchesRegistryEntry(r("myacr.azurecr.io.evil.com/web:1"), "*.azurecr.io")));
    it("matches a repository prefix on a path boundary", () => {
        assert.ok(matchesRegistryEntry(r("ghcr.io/acme/web:1"), "ghcr.io/acme"));
        assert.ok(!matchesRegistryEntry(r("ghcr.io/acme-evil/web:1"), "ghcr.io/acme"));
    });
    it("normalises Docker Hub", () => {
        assert.ok(matchesRegistryEntry(r("nginx:1.27"), "docker.io/library"));
        assert.ok(matchesRegistryEntry(r("nginx:1.27"), "index.docker.io"));
    });
    it("keeps ports significant", () => assert.ok(!matchesRegistryEntry(r("registry.local:5000/app:1"), "registry.local")));
});
