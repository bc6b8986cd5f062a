// Hardened on-prem (kubeadm) example: a control-plane pool and a worker pool whose configuration
// is rendered by OnPremNodePool (cloud-init user-data for any VM provider) and materialised as
// kubeadm's kube-system ConfigMaps, then the shared tenants (HardenedNamespaces + sample app).
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { OnPremNodePool } from "../../components/onprem-node-pool";
import { createTenants } from "../shared/tenant";

const config = new pulumi.Config();
const endpoint = config.get("controlPlaneEndpoint") ?? "k8s-api.corp.example:6443";
const caCertHashes = [config.get("caCertHash") ?? "sha256:7c2f3a1e9b8d4c6f0a5e2d1b3c4f6a8e9d0b1c2a3f4e5d6c7b8a9f0e1d2c3b4a"];
// Set the real token with `pulumi config set --secret bootstrapToken <id.secret>`. The fallback is a
// placeholder in kubeadm's documented format, only so the sample runs offline (the engine cannot
// decrypt secure config); it is marked secret like the real one.
const bootstrapToken = config.getSecret("bootstrapToken") ?? pulumi.secret("abcdef.0123456789abcdef");

// Credentials come from the IdP through kubelogin at run time: the kubeconfig holds no secret.
const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: onprem
    cluster:
      server: https://${endpoint}
      certificate-authority-data: ${Buffer.from("-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAVMRMwEQYDVQQDEwprdWJlcm5ldGVz\n-----END CERTIFICATE-----\n").toString("base64")}
users:
  - name: oidc
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: kubectl
        args: [oidc-login, get-token, --oidc-issuer-url=${config.get("oidcIssuerUrl") ?? "https://login.corp.example/realms/platform"}, --oidc-client-id=kubernetes]
        interactiveMode: IfAvailable
contexts:
  - name: onprem
    context: { cluster: onprem, user: oidc }
current-context: onprem
`;
const provider = new Provider("onprem-k8s", { kubeconfig, enableServerSideApply: true });

const controlPlane = new OnPremNodePool("control-plane", {
    role: "control-plane",
    initControlPlane: true,
    kubernetesVersion: config.get("kubernetesVersion") ?? "v1.34.1",
    controlPlaneEndpoint: endpoint,
    bootstrapToken,
    caCertHashes,
    controlPlane: {
        // KMS v2: the key-encryption key stays in the KMS; nothing secret is rendered on the node.
        encryption: { kmsEndpoint: config.get("kmsEndpoint") ?? "unix:///var/run/kmsplugin/socket.sock" },
        oidc: { issuerUrl: config.get("oidcIssuerUrl") ?? "https://login.corp.example/realms/platform", audiences: ["kubernetes"] },
    },
    containerd: { registryMirrors: { "docker.io": ["https://registry-mirror.corp.example"] } },
    kubernetesProvider: provider,
});

const workers = new OnPremNodePool("workers", {
    role: "worker",
    poolName: "general",
    kubernetesVersion: config.get("kubernetesVersion") ?? "v1.34.1",
    controlPlaneEndpoint: endpoint,
    bootstrapToken,
    caCertHashes,
    containerd: { registryMirrors: { "docker.io": ["https://registry-mirror.corp.example"] } },
    kubernetesProvider: provider,
});

const tenants = createTenants(provider);

export const outputs = {
    controlPlaneUserData: controlPlane.userData,
    workerUserData: workers.userData,
    kubeletConfig: workers.kubeletConfig,
    clusterConfiguration: controlPlane.clusterConfiguration,
    tenantNamespaces: [tenants.teamA.namespaceName, tenants.teamB.namespaceName],
};
