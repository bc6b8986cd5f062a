import { resourcePolicy } from "../../../lib/policy";
import { containersOf, describeContainer, isObject } from "../../../lib/k8s";
import { containerPathOf, POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";

/** Secret stores whose server has a dev mode, by the last segment of the image repository. */
const STORES: Record<string, { product: string; envPrefix: string }> = {
    vault: { product: "HashiCorp Vault", envPrefix: "VAULT" },
    openbao: { product: "OpenBao", envPrefix: "BAO" },
};

function storeOf(image: unknown): (typeof STORES)[string] | undefined {
    if (typeof image !== "string") return undefined;
    const repo = image.split("@")[0].replace(/:[^/:]*$/, "");
    return STORES[repo.split("/").pop()!.toLowerCase()];
}

/** The flag that puts the server in dev mode: `-dev`, `--dev`, `-dev-<option>` (alone or inside a shell script argument). */
function devFlag(tokens: readonly unknown[]): string | undefined {
    for (const t of tokens) {
        if (typeof t !== "string") continue;
        const hit = t.split(/\s+/).find((w) => /^--?dev(-[a-z-]+)?(=.*)?$/.test(w));
        if (hit) return hit.split("=")[0];
    }
    return undefined;
}

/**
 * A secret store's dev-mode server keeps every secret in memory, starts unsealed with a root token
 * set at start, and serves without TLS: made for a laptop, it is a credential in plain sight in a
 * cluster.
 */
export const disallowDevModeSecretStores = resourcePolicy(
    {
        name: "disallow-dev-mode-secret-stores",
        measure: "data.secrets-external-store",
        description:
            "A secret store server (HashiCorp Vault, OpenBao) must not run in dev mode: started with -dev (or any -dev-* option), with the image's default command (the official images run `server -dev`), or with a dev root token (VAULT_DEV_ROOT_TOKEN_ID, BAO_DEV_ROOT_TOKEN_ID). A dev server keeps every secret in memory, starts unsealed, serves plain HTTP and hands out a root token fixed at start (the Vault chart's dev mode sets it to \"root\"), so whoever reaches it reads and writes every secret. Agent and CSI-provider containers of the same image are not servers and pass.",
        severity: "high",
        remediationSteps:
            "Run the server with a configuration file (`vault server -config=...`) that sets a storage backend, a seal (auto-unseal with Azure Key Vault or a KMS) and a TLS listener, and initialise it once; in the Vault chart set server.dev.enabled=false and server.ha or server.standalone instead.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                for (const v of containersOf(pod.spec)) {
                    const store = storeOf(v.c.image);
                    if (!store) continue;
                    const at = `${describeContainer(v)} (${store.product}, ${containerPathOf(pod, v)})`;
                    const command = Array.isArray(v.c.command) ? v.c.command : [];
                    const args = Array.isArray(v.c.args) ? v.c.args : [];
                    const reasons: string[] = [];
                    const flag = devFlag([...command, ...args]);
                    if (flag) reasons.push(`runs the server with ${flag}`);
                    else if (command.length === 0 && args.length === 0) reasons.push("runs the image's default command, `server -dev`");
                    const tokenEnv = `${store.envPrefix}_DEV_ROOT_TOKEN_ID`;
                    const env = Array.isArray(v.c.env) ? v.c.env : [];
                    // The value is never printed: naming the variable is enough.
                    if (env.some((e: unknown) => isObject(e) && e.name === tokenEnv)) reasons.push(`sets a dev root token (${tokenEnv})`);
                    if (reasons.length) {
                        report(`${at} ${reasons.join(" and ")}: a dev-mode server keeps secrets in memory, starts unsealed and accepts a root token fixed at start.`);
                    }
                }
            }
        },
    },
);
