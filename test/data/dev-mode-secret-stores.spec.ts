// disallow-dev-mode-secret-stores: Vault and OpenBao servers in dev mode, in the shapes the Vault
// chart renders (server.dev.enabled) and the images' defaults; agents and production servers pass.
import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { disallowDevModeSecretStores as policy } from "../../policypacks/policies/kubernetes/data/disallow-dev-mode-secret-stores";
import { podCases, run } from "../workload/cases";

const CANARY = "Canary-5c1d-RootToken";
const noCanary = (messages: string[]) => messages.forEach((m) => assert.ok(!m.includes(CANARY), m));

const vault = (c: Record<string, unknown>) => (s: any) => {
    s.containers[0].image = "hashicorp/vault:1.18.1";
    Object.assign(s.containers[0], c);
};

podCases(policy, [
    { title: "no secret store", fires: 0 },
    {
        title: "a Vault server with a configuration file (the chart's standalone mode)",
        mutate: vault({ command: ["/bin/sh", "-ec"], args: ["cp /vault/config/extraconfig-from-values.hcl /tmp/storageconfig.hcl;\n/usr/local/bin/docker-entrypoint.sh vault server -config=/tmp/storageconfig.hcl \n"] }),
        fires: 0,
    },
    { title: "a Vault agent container of the same image", mutate: vault({ args: ["agent", "-config=/vault/configs/config.hcl"] }), fires: 0 },
    {
        title: "the chart's dev mode (server.dev.enabled: -dev in a shell script, VAULT_DEV_ROOT_TOKEN_ID)",
        mutate: vault({ command: ["/bin/sh", "-ec"], args: ["/usr/local/bin/docker-entrypoint.sh vault server -dev "], env: [{ name: "VAULT_DEV_ROOT_TOKEN_ID", value: "root" }, { name: "VAULT_DEV_LISTEN_ADDRESS", value: "[::]:8200" }] }),
        fires: 1,
        match: /HashiCorp Vault.*runs the server with -dev and sets a dev root token \(VAULT_DEV_ROOT_TOKEN_ID\)/,
    },
    { title: "the image's default command (server -dev)", mutate: vault({}), fires: 1, match: /default command, `server -dev`/ },
    { title: "a -dev-listen-address option", mutate: vault({ args: ["server", "-dev-listen-address=0.0.0.0:8200"] }), fires: 1, match: /-dev-listen-address/ },
    {
        title: "an OpenBao dev server from quay.io",
        mutate: (s) => {
            s.containers[0].image = "quay.io/openbao/openbao:2.1.0";
            s.containers[0].args = ["server", "--dev"];
        },
        fires: 1,
        match: /OpenBao/,
    },
]);

describe("disallow-dev-mode-secret-stores: the root token", () => {
    it("is named, never printed", () => {
        const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "vault" }, spec: { containers: [{ name: "vault", image: "vault:1.13.3", env: [{ name: "VAULT_DEV_ROOT_TOKEN_ID", value: CANARY }] }] } };
        const vs = run(policy, T.Pod, pod);
        assert.equal(vs.length, 1);
        noCanary(vs.map((v) => v.message));
    });
});
