import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { disallowLiteralCredentialsInEnv } from "../../policypacks/policies/kubernetes/data/disallow-literal-credentials-in-env";
import { disallowSensitiveConfigMapContent } from "../../policypacks/policies/kubernetes/data/disallow-sensitive-configmap-content";
import { disallowSecretsFromEnvVars } from "../../policypacks/policies/kubernetes/data/disallow-secrets-from-env-vars";
import { disallowLegacyServiceAccountTokenSecrets } from "../../policypacks/policies/kubernetes/data/disallow-legacy-service-account-token-secrets";
import { credentialShape, isSensitiveName } from "../../policypacks/policies/kubernetes/data/sensitive";
import { secret } from "../helpers/policy-harness";
import { podCases, run } from "../workload/cases";
import { hardened, POD_KINDS, shortKind } from "../workload/kinds";

// Canary values: every test asserts none of them ever appears in a message.
const CANARY = "Canary-9f3b7e21-Passw0rd";
const PEM = `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA${CANARY}\n-----END RSA PRIVATE KEY-----`;
const JWT = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.${CANARY.replace(/[^A-Za-z0-9]/g, "")}`;
const CONN = `Server=db;Database=app;User Id=sa;Password=${CANARY};`;
const URL = `postgres://app:${CANARY}@db:5432/app`;
const CANARIES = [CANARY, "MIIEowIBAAKCAQEA", "eyJhbGciOiJIUzI1NiJ9", "AKIAIOSFODNN7EXAMPLE"];

function noCanary(messages: string[]) {
    for (const m of messages) for (const c of CANARIES) assert.ok(!m.includes(c), `message leaks a value: ${m}`);
}

const env = (...entries: any[]) => (s: any) => (s.containers[0].env = entries);

describe("credential detection", () => {
    for (const n of ["PASSWORD", "DB_PASSWORD", "dbPassword", "db.password", "API_KEY", "apiKey", "GITHUB_TOKEN", "PRIVATE_KEY", "CONNECTION_STRING", "AZURE_CLIENT_SECRET", "DB_PWD", "aws_secret_access_key", "STORAGE_ACCOUNT_KEY", "DB_PASS", "REDIS_AUTH", "SMTP_PW", "VAULT_DEV_ROOT_TOKEN_ID", "GITHUB_PAT", "dbPass", "REGISTRY_CREDS"]) {
        it(`treats ${n} as a credential name`, () => assert.ok(isSensitiveName(n)));
    }
    for (const n of ["PWD", "OLDPWD", "PASSWORD_FILE", "SECRET_NAME", "TOKEN_URL", "API_KEY_PATH", "LOG_LEVEL", "HOSTNAME", "TOKEN_TTL", "KEY_VAULT_NAME", "AUTH_URL", "AUTH_MODE", "PASSPORT_NUMBER", "SSL_PASSTHROUGH", "PUBLIC_KEY_PATH", "CLIENT_ID"]) {
        it(`does not treat ${n} as a credential name`, () => assert.ok(!isSensitiveName(n)));
    }
    const shapes: Array<[string, RegExp]> = [
        [PEM, /private key/],
        [CONN, /connection string/],
        [URL, /URL with an embedded password/],
        [JWT, /JSON Web Token/],
        ["AKIAIOSFODNN7EXAMPLE", /AWS/],
        ["ghp_" + "A".repeat(36), /GitHub/],
    ];
    for (const [v, re] of shapes) it(`recognises ${re.source}`, () => assert.match(credentialShape(v) ?? "", re));
    for (const v of ["postgres://app:$(DB_PASSWORD)@db/app", "https://example.com/path", "Server=db;Database=app", "info"]) {
        it(`does not flag ${v}`, () => assert.equal(credentialShape(v), undefined));
    }
});

podCases(disallowLiteralCredentialsInEnv, [
    { title: "no env", fires: 0 },
    { title: "non-secret env", mutate: env({ name: "LOG_LEVEL", value: "info" }, { name: "PASSWORD_FILE", value: "/run/secrets/db/password" }), fires: 0 },
    { title: "a password from a Secret", mutate: env({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }), fires: 0 },
    { title: "an empty password", mutate: env({ name: "DB_PASSWORD", value: "" }), fires: 0 },
    { title: "a reference to another variable", mutate: env({ name: "DB_PASSWORD", value: "$(VAULT_PASSWORD)" }), fires: 0 },
    { title: "a literal password", mutate: env({ name: "DB_PASSWORD", value: CANARY }), fires: 1, match: /container "app" \(.*containers\[0\]\.env\[0\]\) env "DB_PASSWORD" is named like a credential and has a literal value/ },
    { title: "a literal API key", mutate: env({ name: "LOG_LEVEL", value: "info" }, { name: "API_KEY", value: CANARY }), fires: 1, match: /env\[1\]\) env "API_KEY"/ },
    { title: "a connection string under a harmless name", mutate: env({ name: "DATABASE", value: CONN }), fires: 1, match: /looks like a connection string with a password/ },
    { title: "a private key", mutate: env({ name: "TLS", value: PEM }), fires: 1, match: /looks like a private key/ },
    { title: "a PGP private key block", mutate: env({ name: "SIGNING", value: "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBGZ\n-----END PGP PRIVATE KEY BLOCK-----" }), fires: 1, match: /looks like a private key/ },
    { title: "a feature flag named like a credential", mutate: env({ name: "ENABLE_SECRET_ROTATION", value: "true" }), fires: 0 },
    { title: "a literal token in an init container", mutate: (s) => (s.initContainers = [{ name: "init", image: s.containers[0].image, env: [{ name: "TOKEN", value: CANARY }] }]), fires: 1, match: /initContainer "init"/ },
    { title: "an allowed name", mutate: env({ name: "DEMO_PASSWORD", value: CANARY }), config: { allowedNames: ["DEMO_PASSWORD"] }, fires: 0 },
    { title: "a literal under a short credential name (DB_PASS)", mutate: env({ name: "DB_PASS", value: CANARY }), fires: 1, match: /env "DB_PASS" is named like a credential/ },
    { title: "Vault's dev-mode root token id", mutate: env({ name: "VAULT_DEV_ROOT_TOKEN_ID", value: CANARY }), fires: 1, match: /env "VAULT_DEV_ROOT_TOKEN_ID"/ },
    { title: "a team's own credential name, from config", mutate: env({ name: "LICENSE_BLOB", value: CANARY }), config: { sensitiveNames: ["license"] }, fires: 1, match: /env "LICENSE_BLOB"/ },
    { title: "the same name without config", mutate: env({ name: "LICENSE_BLOB", value: CANARY }), fires: 0 },
    { title: "a password flag in args", mutate: (s) => (s.containers[0].args = ["serve", `--db-password=${CANARY}`]), fires: 1, match: /container "app" \(.*containers\[0\]\.args\[1\]\) is flag --db-password with a literal value/ },
    { title: "a token flag and its value in command", mutate: (s) => (s.containers[0].command = ["/app", "--api-token", CANARY]), fires: 1, match: /command\[1\]\) is flag --api-token/ },
    { title: "a URL with a password in args (KEDA's example consumer)", mutate: (s) => (s.containers[0].args = ["receive", URL, "job"]), fires: 1, match: /args\[1\]\) looks like a URL with an embedded password/ },
    { title: "flags that point at files or references", mutate: (s) => (s.containers[0].args = ["--password-file=/run/secrets/db", "--token", "$(API_TOKEN)", "--secret-name", "db"]), fires: 0 },
]);

describe("disallow-literal-credentials-in-env never prints values", () => {
    for (const type of POD_KINDS) {
        it(`keeps every canary out of the messages (${shortKind(type)})`, () => {
            const props = hardened(type, env({ name: "DB_PASSWORD", value: CANARY }, { name: "X", value: PEM }, { name: "Y", value: JWT }, { name: "Z", value: URL }, { name: "AWS", value: "AKIAIOSFODNN7EXAMPLE" }));
            const vs = run(disallowLiteralCredentialsInEnv, type, props);
            assert.equal(vs.length, 5);
            noCanary(vs.map((v) => v.message));
        });
    }
    it("treats a Pulumi secret literal like any literal, without printing it", () => {
        const props = hardened(T.Deployment, env({ name: "DB_PASSWORD", value: secret(CANARY) }));
        const vs = run(disallowLiteralCredentialsInEnv, T.Deployment, props);
        assert.equal(vs.length, 1);
        noCanary(vs.map((v) => v.message));
    });
});

podCases(disallowSecretsFromEnvVars, [
    { title: "no Secret in env", fires: 0 },
    { title: "a ConfigMap in envFrom", mutate: (s) => (s.containers[0].envFrom = [{ configMapRef: { name: "cfg" } }]), fires: 0 },
    { title: "secretKeyRef", mutate: env({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }), fires: 1, match: /env\[0\] "DB_PASSWORD" reads a Secret key from Secret "db" into an environment variable/ },
    { title: "envFrom secretRef", mutate: (s) => (s.containers[0].envFrom = [{ secretRef: { name: "db" } }]), fires: 1, match: /envFrom\[0\] loads Secret "db"/ },
    { title: "both", mutate: (s) => { env({ name: "A", valueFrom: { secretKeyRef: { name: "a", key: "k" } } })(s); s.containers[0].envFrom = [{ secretRef: { name: "b" } }]; }, fires: 2 },
]);

describe("disallow-sensitive-configmap-content", () => {
    const cm = (data: any, binaryData?: any) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "apps" }, data, ...(binaryData ? { binaryData } : {}) });
    const check = (props: any, config?: any) => {
        const vs = run(disallowSensitiveConfigMapContent, T.ConfigMap, props, config);
        noCanary(vs.map((v) => v.message));
        return vs;
    };
    it("accepts ordinary settings", () => {
        assert.equal(check(cm({ LOG_LEVEL: "info", "app.properties": "server.port=8080\nfeature.x=true\n", PASSWORD_FILE: "/run/secrets/pw", DB_PASSWORD: "" })).length, 0);
    });
    it("rejects a credential-named key", () => {
        const vs = check(cm({ DB_PASSWORD: CANARY }));
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /data\["DB_PASSWORD"\] is named like a credential and has a value/);
    });
    it("rejects a private key under any name", () => {
        const vs = check(cm({ "tls.pem": PEM }));
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /data\["tls\.pem"\] holds a value that looks like a private key/);
    });
    it("rejects a connection string with a password and a URL with one", () => {
        const vs = check(cm({ db: CONN, cache: URL }));
        assert.equal(vs.length, 2);
    });
    it("rejects a JWT", () => assert.equal(check(cm({ bootstrap: JWT })).length, 1));
    it("rejects credential entries in an embedded config file, naming the entries only", () => {
        const vs = check(cm({ "application.properties": `server.port=8080\nspring.datasource.password=${CANARY}\n`, "config.yaml": `db:\n  host: db\n  password: "${CANARY}"\n` }));
        assert.equal(vs.length, 2);
        assert.match(vs[0].message, /data\["application\.properties"\] contains credential entries: "spring\.datasource\.password"/);
        assert.match(vs[1].message, /"password"/);
    });
    it("accepts embedded entries that reference the environment", () => {
        assert.equal(check(cm({ "application.properties": "spring.datasource.password=${DB_PASSWORD}\napi.token=\n" })).length, 0);
    });
    it("rejects a credential-named binaryData key", () => {
        assert.equal(check(cm({}, { "id_rsa_private_key": Buffer.from(CANARY).toString("base64") })).length, 1);
    });
    it("skips allowed keys", () => assert.equal(check(cm({ DB_PASSWORD: CANARY }), { allowedKeys: ["DB_PASSWORD"] }).length, 0));
    it("accepts empty values and flags under credential names (argocd-cm custom_secrets, kubeadm's use-service-account-credentials)", () => {
        assert.equal(check(cm({ custom_secrets: "[]", "secret.names": "{}", "use-service-account-credentials": "true" })).length, 0);
        const kubeadmV1beta3 = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\ncontrollerManager:\n  extraArgs:\n    use-service-account-credentials: "true"\n    profiling: "false"\n';
        assert.equal(check({ ...cm({ ClusterConfiguration: kubeadmV1beta3 }), metadata: { name: "kubeadm-config", namespace: "kube-system" } }).length, 0);
    });
    it("rejects well-known cloud key formats: an Azure Batch/Storage account key, an OCI API signing key", () => {
        const azureKey = Buffer.alloc(64, 7).toString("base64");
        const vs = check(cm({ "batch.json": `{"accountName":"jobs","accountKey":"${azureKey}"}`, "oci_api_key.pem": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nOCI_API_KEY\n" }));
        assert.deepEqual(vs.map((v) => /looks like (.*)\./.exec(v.message)?.[1]), ["an Azure storage or Batch account key", "an OCI API signing key"]);
        // An SRI hash of the same length is no key.
        assert.equal(check(cm({ integrity: `sha512-${azureKey}` })).length, 0);
    });
    it("rejects a private key hidden in binaryData (base64)", () => {
        const vs = check(cm({}, { "key.pem": Buffer.from(PEM).toString("base64") }));
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /binaryData\["key\.pem"\] holds a value that looks like a private key/);
    });
    it("keeps Pulumi secret values out of messages", () => {
        assert.equal(check(cm({ DB_PASSWORD: secret(CANARY) })).length, 1);
    });
    it("is mandatory by default", () => assert.equal(disallowSensitiveConfigMapContent.enforcementLevel, "mandatory"));
});

describe("disallow-legacy-service-account-token-secrets", () => {
    const s = (type: string, extra: any = {}) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "t", namespace: "apps", annotations: { "kubernetes.io/service-account.name": "web" } }, type, data: { token: Buffer.from(CANARY).toString("base64") }, ...extra });
    it("rejects a service-account-token Secret", () => {
        const vs = run(disallowLegacyServiceAccountTokenSecrets, T.Secret, s("kubernetes.io/service-account-token"));
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /type=kubernetes\.io\/service-account-token for ServiceAccount "web"/);
        noCanary(vs.map((v) => v.message));
    });
    it("accepts an Opaque Secret", () => assert.equal(run(disallowLegacyServiceAccountTokenSecrets, T.Secret, s("Opaque")).length, 0));
    it("accepts a TLS Secret", () => assert.equal(run(disallowLegacyServiceAccountTokenSecrets, T.Secret, s("kubernetes.io/tls")).length, 0));
    it("does not read a ServiceAccount's .secrets list as tokens (it names mountable Secrets, enforced with enforce-mountable-secrets)", () => {
        // ServiceAccounts are not among the kinds this policy targets: a .secrets list mints nothing.
        assert.ok(!disallowLegacyServiceAccountTokenSecrets.ksl.types.includes(T.ServiceAccount));
        assert.equal(run(disallowLegacyServiceAccountTokenSecrets, T.ServiceAccount, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "web", annotations: { "kubernetes.io/enforce-mountable-secrets": "true" } }, secrets: [{ name: "web-tls" }] }).length, 0);
    });
    it("a Secret created for a listed ServiceAccount is what is reported (the token itself)", () => {
        const vs = run(disallowLegacyServiceAccountTokenSecrets, T.Secret, s("kubernetes.io/service-account-token", { metadata: { name: "web-token", namespace: "apps", annotations: { "kubernetes.io/service-account.name": "web" } } }));
        assert.equal(vs.length, 1);
    });
});
