// Start-up side effect of every pack: the SDK (@pulumi/policy 1.21) deserialises a resource's
// properties once per policy, so a pack of 100 policies decodes each resource 100 times and each
// stack policy decodes the whole stack again. Decoding is pure, so we decode each request's
// properties once and share the result; every policy still gets its own unknown-checking proxy.
// Policies never mutate props (they clone before remediating; the test harness deep-freezes props
// to enforce that). Remediation (proxySecrets=true) keeps the SDK's own, mutable decoding.
// If the SDK's internals ever change shape, this is a no-op and the SDK behaves as shipped.

// eslint-disable-next-line @typescript-eslint/no-var-requires
const deserialize = require("@pulumi/policy/deserialize");

type Deserialize = ((struct: unknown, proxySecrets: boolean) => unknown) & { __kslMemo?: boolean };

const original: Deserialize | undefined = deserialize?.deserializeProperties;
if (typeof original === "function" && !original.__kslMemo) {
    const cache = new WeakMap<object, unknown>();
    const memo: Deserialize = (struct, proxySecrets) => {
        if (proxySecrets || typeof struct !== "object" || struct === null) return original(struct, proxySecrets);
        let value = cache.get(struct);
        if (value === undefined) {
            value = original(struct, false);
            cache.set(struct, value);
        }
        return value;
    };
    memo.__kslMemo = true;
    deserialize.deserializeProperties = memo;
}

export {};
